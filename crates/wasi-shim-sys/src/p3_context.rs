//! The runtime every WASI 0.3 component needs (`wasm32-wasip3`): its stack pointer and TLS base,
//! and the task hook that gives each task a stack.
//!
//! On `wasm32-wasip3` LLVM keeps the stack pointer in no wasm global: every function that needs a
//! frame calls `__wasm_get_stack_pointer`/`__wasm_set_stack_pointer` ("libcall thread context"),
//! and thread-locals are reached through `__wasm_get_tls_base`. Here those four are declared as
//! imports from `env`, which wit-component recognizes and turns into the component model's
//! `context.get`/`context.set` of slot 0 (the stack pointer) and into the TLS base it keeps.
//! (They must be *defined* symbols for `wasm-ld`, which a plain `extern` block cannot make.)
//!
//! Context slot 0 is 0 when a task starts. wit-component calls `__wasm_task_hook` (exported with
//! `--export-if-defined`, which rustc's target spec passes) before and after every lifted export,
//! `_initialize`, resource destructor and `cabi_realloc`; it points slot 0 at the top
//! of the stack (`__stack_high`; the target links with `--stack-first`) unless the task already
//! has a stack, as it has when the host calls `cabi_realloc` inside an import the task is
//! blocked in. wasi-shim's exports are lifted synchronously and the component model never enters
//! an instance again while a synchronous task is in it, so one stack serves every task.
//!
//! It lives in this crate, below everything else wasi-shim builds, because every p3 component
//! over wasi-shim links it (a `no_std` hello has no `wasi-shim-rt`). The hook is kept in the link
//! by [`HOOK`]: `--export-if-defined` alone does not pull an archive member in, while the
//! stack-pointer functions next to it are referenced by nearly every function.

#![allow(
    unsafe_code,
    reason = "the stack pointer and the task hook are C-ABI symbols of the toolchain's contract"
)]

// The four thread-context functions LLVM calls, as imports from `env` (see the module docs).
core::arch::global_asm!(
    ".globl __wasm_get_stack_pointer",
    ".type __wasm_get_stack_pointer,@function",
    ".functype __wasm_get_stack_pointer () -> (i32)",
    ".import_module __wasm_get_stack_pointer, env",
    ".import_name __wasm_get_stack_pointer, __wasm_get_stack_pointer",
    ".globl __wasm_set_stack_pointer",
    ".type __wasm_set_stack_pointer,@function",
    ".functype __wasm_set_stack_pointer (i32) -> ()",
    ".import_module __wasm_set_stack_pointer, env",
    ".import_name __wasm_set_stack_pointer, __wasm_set_stack_pointer",
    ".globl __wasm_get_tls_base",
    ".type __wasm_get_tls_base,@function",
    ".functype __wasm_get_tls_base () -> (i32)",
    ".import_module __wasm_get_tls_base, env",
    ".import_name __wasm_get_tls_base, __wasm_get_tls_base",
    ".globl __wasm_set_tls_base",
    ".type __wasm_set_tls_base,@function",
    ".functype __wasm_set_tls_base (i32) -> ()",
    ".import_module __wasm_set_tls_base, env",
    ".import_name __wasm_set_tls_base, __wasm_set_tls_base",
);

// `__wasm_task_hook(event)`: whatever the event, gives the task the stack if it has none yet
// (slot 0 is 0). Finishing events find the stack pointer back where the start put it, so they
// change nothing. In assembly because a Rust function may make a stack frame (it does at
// opt-level 0), and a frame cannot be made before the stack pointer is set. `__stack_high` is
// defined by `wasm-ld`: the end of the stack region (its top; the stack grows down), and the
// task has no frame yet, so nothing lives on the stack it is given.
core::arch::global_asm!(
    ".globl __wasm_task_hook",
    ".type __wasm_task_hook,@function",
    "__wasm_task_hook:",
    ".functype __wasm_task_hook (i32) -> ()",
    "call __wasm_get_stack_pointer",
    "i32.eqz",
    "if",
    "i32.const __stack_high",
    "call __wasm_set_stack_pointer",
    "end_if",
    "end_function",
);

unsafe extern "C" {
    fn __wasm_task_hook(event: u32);
}

/// Keeps [`__wasm_task_hook`] in every link that takes this object (see the module docs).
#[used]
static HOOK: unsafe extern "C" fn(u32) = __wasm_task_hook;
