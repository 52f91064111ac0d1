import { Injectable, Logger } from '@nestjs/common';

type Listener = (userId: string) => void | Promise<void>;

/**
 * "This account was just disabled", told after the commit to whoever holds live connections of
 * it (the /signalling and /staff namespaces), which close them on every instance through the
 * socket.io adapter. In-process: modules above auth subscribe, auth imports none of them.
 */
@Injectable()
export class AccountEvents {
  private readonly log = new Logger('AccountEvents');
  private readonly listeners: Listener[] = [];

  onDisabled(listener: Listener): void {
    this.listeners.push(listener);
  }

  async disabled(userId: string): Promise<void> {
    for (const l of this.listeners) {
      await Promise.resolve(l(userId)).catch((err: unknown) =>
        this.log.warn(`disabled-account listener failed: ${err instanceof Error ? err.message : String(err)}`),
      );
    }
  }
}
