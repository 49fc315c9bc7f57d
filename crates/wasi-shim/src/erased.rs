//! `Erased<T>`: an `Rc<T>` held as `Rc<dyn Stream>`, the one way the descriptor table reaches
//! the kinds of descriptor that carry their own code (files and sockets).
//!
//! [`Stream`] is what every such kind implements (`read`, `write`); the table calls it through
//! the vtable made where the file or socket was created, and drops it the same way. Where a
//! concrete kind is needed (`fstat` of a file, `connect` of a socket), the trait object is
//! upcast to `dyn Any` and checked. A `match` over concrete types would make every program that
//! touches the table (every program that writes to stdout) link the code, and through it the
//! WASI imports, of files and sockets; this way a program that never opens a socket links no
//! socket code. When more kinds come, this trait is where they grow (status flags, `isatty`,
//! `stat`, readiness), as wasi-libc's descriptor vtable does.

use crate::errno::Result;
use alloc::rc::Rc;
use core::any::Any;
use core::marker::PhantomData;

/// The operations the descriptor table dispatches to a file or socket.
pub trait Stream: Any {
    /// `read(2)` on the descriptor.
    fn read(&self, buf: &mut [u8]) -> Result<usize>;
    /// `write(2)` on the descriptor.
    fn write(&self, buf: &[u8]) -> Result<usize>;
}

/// An `Rc<T>` held as `Rc<dyn Stream>`: its operations and its drop are reached through the
/// vtable, and its type is checked at run time where the concrete `T` is needed.
pub struct Erased<T: 'static> {
    inner: Rc<dyn Stream>,
    _type: PhantomData<Rc<T>>,
}

impl<T: Stream> Erased<T> {
    pub(crate) fn new(value: Rc<T>) -> Self {
        Self {
            inner: value,
            _type: PhantomData,
        }
    }
}

impl<T: 'static> Erased<T> {
    /// The operations, through the vtable.
    pub(crate) fn stream(&self) -> &dyn Stream {
        &*self.inner
    }

    /// The `Rc<T>` itself, shared.
    pub(crate) fn rc(&self) -> Rc<T> {
        let any: Rc<dyn Any> = self.inner.clone();
        match Rc::downcast::<T>(any) {
            Ok(rc) => rc,
            Err(_) => wrong_type(),
        }
    }
}

impl<T: 'static> core::ops::Deref for Erased<T> {
    type Target = T;

    fn deref(&self) -> &T {
        let any: &dyn Any = &*self.inner;
        match any.downcast_ref::<T>() {
            Some(value) => value,
            None => wrong_type(),
        }
    }
}

/// `Erased::new` is the only constructor, so the type always matches; this cannot happen.
#[cold]
fn wrong_type() -> ! {
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
    #[cfg(not(target_arch = "wasm32"))]
    unreachable!("Erased<T> holds a T by construction")
}
