import { Inject, Injectable } from '@nestjs/common';
import type { PersonTag } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '../../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../../common/config/config.js';
import { CareRepository } from './care.repository.js';

/** The district's policy tiers: a person tagged 独居老人 or 空巢 gets a plan without anyone having to remember. */
export function policyHours(tags: readonly PersonTag[], policy: Record<string, number>): number | undefined {
  const hours = tags.map((t) => policy[t]).filter((h): h is number => h !== undefined);
  return hours.length ? Math.min(...hours) : undefined;
}

@Injectable()
export class CarePolicyService {
  constructor(
    private readonly care: CareRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: Pick<AppConfig, 'carePolicyHours'>,
  ) {}

  /** Gives the person a default plan (carers: their grid's heads) if their tags call for one and they have none. */
  async ensureDefaultPlan(personId: string, tags: readonly PersonTag[], db?: DataSource | EntityManager): Promise<void> {
    const hours = policyHours(tags, this.config.carePolicyHours);
    if (hours === undefined) return;
    const carers = await this.care.headsOfPersonNode(personId, db);
    await this.care.insertPolicyPlan(personId, hours, carers, this.clock.now(), db);
  }
}
