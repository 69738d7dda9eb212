import { Global, Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller.js';
import { Notifier } from './notifier.js';
import { NotificationsRepository } from './notifications.repository.js';
import { NotificationsService } from './notifications.service.js';

@Global()
@Module({
  controllers: [NotificationsController],
  providers: [Notifier, NotificationsService, NotificationsRepository],
  exports: [Notifier],
})
export class NotificationsModule {}
