// Upstream failures answered, never hung (issue 14 item 6): every Temporal call a request makes
// runs under one deadline (TEMPORAL_CALL_TIMEOUT_MS, through the connection's call context, so
// no service passes it by hand), and a request that starts or updates a case is refused at once
// with 503 WORKER_UNAVAILABLE while no worker polls the task queue, before anything is written
// (a case started then would wait for a worker with the caller's request hanging on it).
import type { Client } from '@temporalio/client';
import { temporal as proto } from '@temporalio/proto';
import { DomainError } from '../../domain/errors';
import { GRPC_UNIMPLEMENTED } from '../../temporal';

export interface UpstreamOptions {
  namespace: string;
  taskQueue: string;
  callTimeoutMs: number;
  /** How long a poller check is believed; a second or two keeps describeTaskQueue off the hot path. */
  pollerCacheMs?: number;
  /**
   * A poller seen this recently is alive. Workers long-poll (about a minute per poll), so the
   * server's lastAccessTime of a live poller is at most that old; a stopped worker falls out after it.
   */
  pollerFreshMs?: number;
  /**
   * Simulation mode (the time-skipping server): it stamps pollers with its own moved clock, so
   * their age says nothing about a live worker, and it skips time ahead to the deadline of a call
   * that waits (an update waiting for its answer fails at once). Neither applies there.
   */
  simulation?: boolean;
}

export class Upstream {
  private checked: { at: number; live: Promise<boolean> } | undefined;

  constructor(
    private readonly client: Client,
    private readonly options: UpstreamOptions,
  ) {}

  /** Runs fn with every Temporal call inside it bounded by the call deadline. */
  withDeadline<T>(fn: () => Promise<T>): Promise<T> {
    if (this.options.simulation) return fn();
    return this.client.connection.withDeadline(Date.now() + this.options.callTimeoutMs, fn);
  }

  /** 503 WORKER_UNAVAILABLE unless a worker polled the task queue lately (cached briefly). */
  async requireWorker(): Promise<void> {
    if (this.options.simulation) return;
    if (!(await this.workerPolling())) {
      throw new DomainError('WORKER_UNAVAILABLE', { taskQueue: this.options.taskQueue });
    }
  }

  async workerPolling(): Promise<boolean> {
    const now = Date.now();
    if (!this.checked || now - this.checked.at > (this.options.pollerCacheMs ?? 1500)) {
      const live = this.describePollers();
      this.checked = { at: now, live };
      // A failed check is not believed: the next request asks again.
      live.catch(() => {
        if (this.checked?.live === live) this.checked = undefined;
      });
    }
    return this.checked.live;
  }

  private async describePollers(): Promise<boolean> {
    const fresh = Date.now() - (this.options.pollerFreshMs ?? 75_000);
    let response: proto.api.workflowservice.v1.IDescribeTaskQueueResponse;
    try {
      response = await this.withDeadline(() =>
        this.client.workflowService.describeTaskQueue({
          namespace: this.options.namespace,
          taskQueue: { name: this.options.taskQueue, kind: proto.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType: proto.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
    } catch (err) {
      // The Java time-skipping server (simulation mode) cannot describe a task queue: nothing to check there.
      if ((err as { code?: number }).code === GRPC_UNIMPLEMENTED) return true;
      throw err;
    }
    return (response.pollers ?? []).some((p) => {
      const seconds = Number(p.lastAccessTime?.seconds ?? 0);
      return seconds * 1000 >= fresh;
    });
  }
}
