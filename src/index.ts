/**
 * fnsync as a library: what `import ... from 'fnsync'` offers, on purpose. Everything else in
 * src/ is internal and may change between versions. Importing this module loads neither esbuild
 * nor a FaaS SDK: they are loaded when a feature needs them.
 */

// Errors: every failure carries a `code`, and exitCodeFor() maps it to the CLI's exit code.
export {
  CheckFailedError,
  ErrorCode,
  ExitCode,
  FnsyncError,
  InfrastructureError,
  InterruptedError,
  ProtocolError,
  TimeoutError,
  UsageError,
  exitCodeFor,
  type Rng,
} from './common/index.js';

// The synchronizer: one run (invoke master and slaves, verify their lists), and its functions.
export {
  MASTER_FUNCTION,
  SLAVE_FUNCTION,
  runSynchronizer,
  verifyRun,
  type SynchronizerOptions,
  type SynchronizerReport,
  type Verification,
} from './orchestrator/index.js';
export { BrokerUnreachableError, ConnectionLostError, PublishError, TransportError } from './transport/index.js';
export { masterHandler } from './master/index.js';
export { slaveHandler } from './slave/index.js';
export type { ListEntry, MasterResult, SlaveResult } from './protocol/index.js';

// Functions and where they run: the executor (Lithops' shape) over any runtime.
export {
  FAAS_PLATFORMS,
  FunctionExecutor,
  InlineRuntime,
  InvocationError,
  InvokeRefusedError,
  IsolateRuntime,
  LocalRuntime,
  ReplyQueueRuntime,
  ReturnWhen,
  RUNTIME_NAMES,
  RuntimeName,
  createFaasHandler,
  createRuntime,
  type AsyncInvoker,
  type CallOptions,
  type ExecutorOptions,
  type FaasHandler,
  type FaasPlatform,
  type FaasTarget,
  type FunctionRef,
  type FunctionRuntime,
  type Future,
  type Handler,
  type HandlerContext,
  type Invocation,
  type InvokeOptions,
  type RuntimeOptions,
} from './orchestrator/index.js';

// The exercise engine: the Device API (a mirror of the seed course framework), the catalogue, runs.
export {
  BaseMessage,
  Device,
  algorithms,
  devicesOption,
  enumOption,
  findAlgorithm,
  fromClass,
  intOption,
  messageIds,
  noOptions,
  type Algorithm,
  type CheckContext,
  type Checker,
  type CheckResult,
  type DeviceClass,
  type DeviceFactory,
  type DeviceOptions,
  type Medium,
  type Message,
  type OptionsSchema,
  type TraceEvent,
} from './exercises/index.js';
export {
  DeviceCrashed,
  Mode,
  TransportName,
  noFaults,
  runExercise,
  type ExerciseOptions,
  type ExerciseOutcome,
  type ExerciseReport,
  type Faults,
} from './emulator/index.js';

// Distributed proof of work (seed 003): the service, its client library (powlib), its trace checker.
export {
  PowAddress,
  PowClient,
  PowService,
  checkTrace,
  connectPow,
  provesWork,
  readTrace,
  toShiviz,
  writeTrace,
  type MineResult,
  type PowClientOptions,
  type PowServiceOptions,
  type PowServiceReport,
  type TraceRecord,
  type Violation,
} from './pow/index.js';

// Long-lived nodes (seeds 004 and 002): a cluster on the broker, remote functions, the token lock,
// failure detection; node state and resource samples for dashboards.
export {
  DEFAULT_ECHO_PERIOD_MS,
  DEFAULT_ECHO_TIMEOUT_MS,
  DistributedArray,
  DistributedVariable,
  LockLostError,
  checkCoherence,
  type Access,
  type CoherenceReport,
  type VariableInfo,
  type VariableKind,
  Node,
  NodeState,
  RemoteCallError,
  type CallCompleted,
  type CallContext,
  type CallFailure,
  type CallOptions as NodeCallOptions,
  type DispatchOptions,
  type FailureDetectionOptions,
  type LockOptions,
  type NodeEvents,
  type NodeInfo,
  type NodeOptions,
  type RegisterOptions,
  type RemoteFunction,
  type ResourceSample,
  type SharedFile,
} from './nodes/index.js';
