import type { CallContext, Handler, Input } from './context';
import { type AccessKey, type KeyRing, principalAccount, principalArn } from './credentials';
import type { Ec2Service } from './ec2/service';
import { ApiError, SandboxError, SdkTimeoutError } from './errors';
import type { Faults, Latency } from './faults';
import type { Iam } from './iam';
import type { IdFactory } from './random';
import { accessDenied, expiredToken, serverError, throttled, unknownAccessKey } from './service-errors';
import type { CallRecord, FaultKind, ServiceName } from './types';

export interface IncomingCall {
  service: ServiceName;
  operation: string;
  region: string;
  accessKeyId: string;
  input: Input;
  userAgent: string;
  abortSignal?: AbortSignal;
}

export interface DispatcherDeps {
  keys: KeyRing;
  iam: Iam;
  ids: IdFactory;
  now: () => Date;
  partition: string;
  faults: Faults;
  latency: Latency;
  /** Whether calls record the sandbox's own CPU (Sandbox.measureServerCpu). */
  serverCpu: { readonly on: boolean };
  calls: CallRecord[];
  ec2: Ec2Service;
  handlers: Record<Exclude<ServiceName, 'ec2'>, Record<string, Handler>>;
  /** Services that record failed calls in CloudTrail, so that preflight failures are recorded too. */
  recorders: Partial<Record<ServiceName, FailureRecorder>>;
}

/** A service whose failed mutating calls are CloudTrail events (EC2, EventBridge). */
export interface FailureRecorder {
  recordFailure(operation: string, input: Input, ctx: CallContext, error: ApiError): void;
}

function faultError(kind: FaultKind, service: ServiceName, operation: string): Error {
  switch (kind) {
    case 'throttle':
      return throttled(service);
    case 'server-error':
      return serverError(service);
    case 'access-denied':
      return accessDenied(
        service,
        `You are not authorized to perform this operation (${service}:${operation}).`,
      );
    case 'timeout':
      return new SdkTimeoutError(`Connection timed out after 1000 ms (injected for ${service}:${operation})`);
  }
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(start);
  return (user + system) / 1000;
}

/** Routes one signed call: who is calling, latency, faults, then the service's handler; records it. */
export class Dispatcher {
  constructor(private readonly deps: DispatcherDeps) {}

  async dispatch(call: IncomingCall): Promise<{ output: object; requestId: string }> {
    const { deps } = this;
    const key = deps.keys.find(call.accessKeyId);
    const requestId = deps.ids.uuid();
    if (!key) throw Object.assign(unknownAccessKey(call.service), { requestId });
    const ctx: CallContext = {
      service: call.service,
      operation: call.operation,
      region: call.region,
      requestId,
      key,
      principalArn: principalArn(key.principal, deps.partition),
      accountId: principalAccount(key.principal),
      userAgent: call.userAgent,
      abortSignal: call.abortSignal,
    };
    const record: CallRecord = {
      service: call.service,
      operation: call.operation,
      account: ctx.accountId,
      region: call.region,
      principalArn: ctx.principalArn,
      startedAt: deps.now(),
      endedAt: deps.now(),
    };
    let cpu: NodeJS.CpuUsage | undefined;
    try {
      await deps.latency.wait(call.service);
      // The sandbox's own CPU for the call (its checks, the emulation, CloudTrail events): what a
      // real endpoint spends on its side, so a benchmark can leave it out of the client's cost.
      cpu = deps.serverCpu.on ? process.cpuUsage() : undefined;
      this.preflight(key, ctx, call.input);
      const output =
        call.service === 'ec2' ? deps.ec2.handle(call.operation, call.input, ctx) : this.serve(call, ctx);
      if (cpu) record.cpuMs = cpuMsSince(cpu);
      cpu = undefined;
      return { output: await output, requestId };
    } catch (error) {
      if (cpu) record.cpuMs = cpuMsSince(cpu);
      if (error instanceof ApiError) {
        error.requestId = requestId;
        record.error = error.code;
      } else {
        record.error = error instanceof Error ? error.name : String(error);
      }
      throw error;
    } finally {
      record.endedAt = deps.now();
      deps.calls.push(record);
    }
  }

  /** Credential checks and injected faults, before the service runs (recorded in CloudTrail for EC2 and EventBridge). */
  private preflight(key: AccessKey, ctx: CallContext, input: Input): void {
    try {
      const principal = key.principal;
      if (principal.kind === 'session') {
        if (principal.expiration && principal.expiration.getTime() <= this.deps.now().getTime()) {
          throw expiredToken(ctx.service);
        }
        if (this.deps.iam.role(principal.role.arn) !== principal.role) {
          throw accessDenied(
            ctx.service,
            `User: ${ctx.principalArn} is not authorized to perform: ${ctx.service}:${ctx.operation} because its role no longer exists`,
          );
        }
      }
      const fault = this.deps.faults.draw({
        service: ctx.service,
        operation: ctx.operation,
        account: ctx.accountId,
        region: ctx.region,
      });
      if (fault) throw faultError(fault, ctx.service, ctx.operation);
    } catch (error) {
      if (error instanceof ApiError)
        this.deps.recorders[ctx.service]?.recordFailure(ctx.operation, input, ctx, error);
      throw error;
    }
  }

  private async serve(call: IncomingCall, ctx: CallContext): Promise<object> {
    const handler = this.deps.handlers[call.service as Exclude<ServiceName, 'ec2'>][call.operation];
    if (!handler) throw new SandboxError(`the sandbox does not serve ${call.service}:${call.operation}`);
    return handler(call.input, ctx);
  }
}
