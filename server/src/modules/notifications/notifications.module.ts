import { Global, Module } from '@nestjs/common';
import { NotificationsController } from './notifications.controller.js';
import { Notifier } from './notifier.js';

@Global()
@Module({
  controllers: [NotificationsController],
  providers: [Notifier],
  exports: [Notifier],
})
export class NotificationsModule {}
