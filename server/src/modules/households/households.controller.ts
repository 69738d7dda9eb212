import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  CreateHouseholdRequest, CreatePersonRequest, HouseholdsQuery, IdParams, RevealRequest, UpdatePersonRequest,
  type HouseholdDetail, type HouseholdSummary, type ImportResult, type Page, type PersonDto,
} from '@linli/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { Auth, type AuthContext } from '../../common/auth/auth-context.js';
import { RequirePermission } from '../../common/auth/permission.decorator.js';
import { readUpload } from '../../common/http/upload.js';
import { HouseholdsService } from './households.service.js';
import { RosterImportService } from './roster-import.service.js';

type IdParams = z.infer<typeof IdParams>;

@Controller()
export class HouseholdsController {
  constructor(
    private readonly households: HouseholdsService,
    private readonly roster: RosterImportService,
  ) {}

  @Get('grids/:id/households')
  @RequirePermission('households.read')
  list(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Query({ schema: HouseholdsQuery }) q: HouseholdsQuery): Promise<Page<HouseholdSummary>> {
    return this.households.list(auth, p.id, q);
  }

  @Post('grids/:id/households')
  @HttpCode(201)
  @RequirePermission('households.write')
  create(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreateHouseholdRequest }) body: CreateHouseholdRequest): Promise<HouseholdSummary> {
    return this.households.create(auth, p.id, body);
  }

  @Get('grids/:id/households/import-template.xlsx')
  @RequirePermission('households.write')
  async template(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Res() reply: FastifyReply): Promise<void> {
    const { file, filename } = await this.roster.template(auth, p.id);
    await reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="roster-template.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`)
      .send(file);
  }

  @Post('grids/:id/households/import')
  @HttpCode(200)
  @RequirePermission('households.write')
  async import(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Req() request: FastifyRequest): Promise<ImportResult> {
    return this.roster.import(auth, p.id, () => readUpload(request));
  }

  @Get('households/:id')
  @RequirePermission('households.read')
  detail(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<HouseholdDetail> {
    return this.households.detail(auth, p.id);
  }

  @Post('households/:id/persons')
  @HttpCode(201)
  @RequirePermission('households.write')
  addPerson(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: CreatePersonRequest }) body: CreatePersonRequest): Promise<PersonDto> {
    return this.households.addPerson(auth, p.id, body);
  }

  @Get('persons/:id')
  @RequirePermission('households.read')
  person(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams): Promise<PersonDto> {
    return this.households.getPerson(auth, p.id);
  }

  @Patch('persons/:id')
  @RequirePermission('households.write')
  update(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: UpdatePersonRequest }) body: UpdatePersonRequest): Promise<PersonDto> {
    return this.households.updatePerson(auth, p.id, body);
  }

  @Post('persons/:id/reveal')
  @HttpCode(200)
  @RequirePermission('persons.reveal')
  reveal(@Auth() auth: AuthContext, @Param({ schema: IdParams }) p: IdParams, @Body({ schema: RevealRequest }) body: RevealRequest): Promise<{ value: string }> {
    return this.households.reveal(auth, p.id, body);
  }
}
