//! `Erased<T>`: an `Rc<T>` held as `Rc<dyn Any>`.
//!
//! The descriptor table holds files and sockets this way so that dropping a table entry goes
//! through a vtable made where the file or socket was created. A `match` over concrete types
//! would make every program that touches the table (every program that writes to stdout) link
//! the drop code, and through it the WASI imports, of files and sockets.

use alloc::rc::Rc;
use core::any::Any;
use core::marker::PhantomData;

/// An `Rc<T>` whose type is checked at run time and whose drop is reached through a vtable.
pub struct Erased<T: 'static> {
    inner: Rc<dyn Any>,
    _type: PhantomData<Rc<T>>,
}

impl<T: 'static> Erased<T> {
    pub(crate) fn new(value: Rc<T>) -> Self {
        Self {
            inner: value,
            _type: PhantomData,
        }
    }

    /// The `Rc<T>` itself, shared.
    pub(crate) fn rc(&self) -> Rc<T> {
        match Rc::downcast::<T>(self.inner.clone()) {
            Ok(rc) => rc,
            Err(_) => wrong_type(),
        }
    }
}

impl<T: 'static> core::ops::Deref for Erased<T> {
    type Target = T;

    fn deref(&self) -> &T {
        match self.inner.downcast_ref::<T>() {
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
