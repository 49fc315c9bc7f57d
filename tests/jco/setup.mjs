// Configures preview2-shim before `jco run` starts a component (`--jco-import ./setup.mjs`),
// from environment variables set by the harness (`tests/harness/tests/jco.rs`):
//   WASI_SHIM_JCO_PREOPENS  JSON object, guest path -> host path
//   WASI_SHIM_JCO_CWD       the guest's initial working directory
//   WASI_SHIM_JCO_ENV       JSON object: the guest's whole environment
import { _setPreopens } from "@bytecodealliance/preview2-shim/filesystem";
import { _setCwd, _setEnv } from "@bytecodealliance/preview2-shim/cli";

_setPreopens(JSON.parse(process.env.WASI_SHIM_JCO_PREOPENS ?? "{}"));
if (process.env.WASI_SHIM_JCO_CWD) {
  _setCwd(process.env.WASI_SHIM_JCO_CWD);
}
_setEnv(JSON.parse(process.env.WASI_SHIM_JCO_ENV ?? "{}"));
