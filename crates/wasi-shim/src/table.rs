//! The descriptor table: small integers naming open descriptions, as POSIX hands them out.
//!
//! This module is pure logic, generic over what a slot holds, so it is unit-tested on the host.
//! The platform layer instantiates it once (see `state`) with reference-counted open
//! descriptions, which is how `dup` and friends share an offset and status flags.
//!
//! Architecture invariant: a new descriptor always takes the lowest free number, as POSIX
//! requires of `open`, `dup` and `socket`; numbers above [`MAX_DESCRIPTORS`] are never handed out.

use crate::errno::{Errno, Result};
use alloc::vec::Vec;

/// The most descriptors a component may have open at once; one more gives `EMFILE`.
///
/// 1024 is the usual soft `RLIMIT_NOFILE` on Linux and `FD_SETSIZE` in wasi-libc, so programs
/// that size tables by either see the same bound.
pub const MAX_DESCRIPTORS: usize = 1024;

/// One slot: the shared open description plus the per-descriptor `FD_CLOEXEC` flag.
#[derive(Debug, Clone)]
pub struct Slot<T> {
    /// What the descriptor refers to; clones share it.
    pub entry: T,
    /// `FD_CLOEXEC`. WASI has no `exec`, so it is only stored and reported.
    pub cloexec: bool,
}

/// Descriptor numbers mapped to entries.
#[derive(Debug)]
pub struct DescriptorTable<T> {
    slots: Vec<Option<Slot<T>>>,
    /// No slot below this index is free; keeps "lowest free" cheap when opening in a loop.
    first_free_hint: usize,
}

impl<T> Default for DescriptorTable<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> DescriptorTable<T> {
    /// An empty table.
    #[must_use]
    pub const fn new() -> Self {
        Self {
            slots: Vec::new(),
            first_free_hint: 0,
        }
    }

    /// Stores `entry` under the lowest free number that is at least `min`.
    ///
    /// # Errors
    /// `EMFILE` when every number from `min` up to [`MAX_DESCRIPTORS`] is taken, `EINVAL` when
    /// `min` itself is past the limit (as `fcntl(F_DUPFD)` reports).
    pub fn insert_at_least(&mut self, min: usize, slot: Slot<T>) -> Result<u32> {
        if min >= MAX_DESCRIPTORS {
            return Err(Errno::INVAL);
        }
        let start = min.max(self.first_free_hint);
        // No indexing and no `expect` here: either would link core's formatting code into every
        // program's libc for a panic that cannot happen.
        let free = self
            .slots
            .iter()
            .skip(start)
            .position(Option::is_none)
            .map(|i| i + start);
        let index = match free {
            Some(i) => i,
            None => self.slots.len().max(start),
        };
        if index >= MAX_DESCRIPTORS {
            return Err(Errno::MFILE);
        }
        if index >= self.slots.len() {
            self.slots.resize_with(index + 1, || None);
        }
        let (Some(free), Ok(fd)) = (self.slots.get_mut(index), u32::try_from(index)) else {
            return Err(Errno::MFILE);
        };
        *free = Some(slot);
        if min <= self.first_free_hint {
            self.first_free_hint = index + 1;
        }
        Ok(fd)
    }

    /// Stores `entry` under the lowest free number.
    ///
    /// # Errors
    /// `EMFILE` when the table is full.
    pub fn insert(&mut self, slot: Slot<T>) -> Result<u32> {
        self.insert_at_least(0, slot)
    }

    /// Stores `slot` under exactly `fd`, returning what was there (as `dup2` does before it
    /// closes the old description).
    ///
    /// # Errors
    /// `EBADF` when `fd` is past the limit.
    pub fn replace(&mut self, fd: u32, slot: Slot<T>) -> Result<Option<Slot<T>>> {
        let index = fd as usize;
        if index >= MAX_DESCRIPTORS {
            return Err(Errno::BADF);
        }
        if index >= self.slots.len() {
            self.slots.resize_with(index + 1, || None);
        }
        let old = self.slots[index].replace(slot);
        if old.is_none() && index == self.first_free_hint {
            self.first_free_hint = self.lowest_free_from(index);
        }
        Ok(old)
    }

    /// `dup2(fd, target)`: makes `target` hold `fd`'s entry (with `FD_CLOEXEC` clear), returning
    /// what `target` held, for the caller to drop outside any borrow; nothing changes when both
    /// are equal (and open).
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open or `target` is past the limit.
    pub fn dup2(&mut self, fd: u32, target: u32) -> Result<Option<Slot<T>>>
    where
        T: Clone,
    {
        let entry = self.get(fd)?.entry.clone();
        if fd == target {
            return Ok(None);
        }
        self.replace(
            target,
            Slot {
                entry,
                cloexec: false,
            },
        )
    }

    fn lowest_free_from(&self, start: usize) -> usize {
        (start..self.slots.len())
            .find(|&i| self.slots[i].is_none())
            .unwrap_or(self.slots.len())
    }

    /// The slot of `fd`.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open.
    pub fn get(&self, fd: u32) -> Result<&Slot<T>> {
        self.slots
            .get(fd as usize)
            .and_then(Option::as_ref)
            .ok_or(Errno::BADF)
    }

    /// The slot of `fd`, mutably.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open.
    pub fn get_mut(&mut self, fd: u32) -> Result<&mut Slot<T>> {
        self.slots
            .get_mut(fd as usize)
            .and_then(Option::as_mut)
            .ok_or(Errno::BADF)
    }

    /// Removes `fd` and returns its slot, so the caller decides what closing means.
    ///
    /// # Errors
    /// `EBADF` when `fd` is not open.
    pub fn remove(&mut self, fd: u32) -> Result<Slot<T>> {
        let index = fd as usize;
        let slot = self
            .slots
            .get_mut(index)
            .and_then(Option::take)
            .ok_or(Errno::BADF)?;
        if index < self.first_free_hint {
            self.first_free_hint = index;
        }
        // Trailing empty slots are dropped so a table that shrinks gives its memory back.
        while matches!(self.slots.last(), Some(None)) {
            self.slots.pop();
        }
        Ok(slot)
    }

    /// How many descriptors are open.
    #[must_use]
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|s| s.is_some()).count()
    }

    /// Whether no descriptor is open.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.slots.iter().all(Option::is_none)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(v: u32) -> Slot<u32> {
        Slot {
            entry: v,
            cloexec: false,
        }
    }

    #[test]
    fn lowest_free_number_is_reused() {
        let mut t = DescriptorTable::new();
        for i in 0..5 {
            assert_eq!(t.insert(slot(i)).unwrap(), i);
        }
        t.remove(3).unwrap();
        t.remove(1).unwrap();
        assert_eq!(t.insert(slot(10)).unwrap(), 1);
        assert_eq!(t.insert(slot(11)).unwrap(), 3);
        assert_eq!(t.insert(slot(12)).unwrap(), 5);
        assert_eq!(t.get(3).unwrap().entry, 11);
    }

    #[test]
    fn dup2_shares_the_entry_clears_cloexec_and_returns_the_old_one() {
        let mut t = DescriptorTable::new();
        t.insert(Slot {
            entry: 7,
            cloexec: true,
        })
        .unwrap();
        t.insert(slot(8)).unwrap();
        // Onto an open number: the old entry comes back, the new one is a clear-cloexec copy.
        assert_eq!(t.dup2(0, 1).unwrap().map(|s| s.entry), Some(8));
        assert_eq!(
            (t.get(1).unwrap().entry, t.get(1).unwrap().cloexec),
            (7, false)
        );
        // Onto itself: nothing changes, cloexec included.
        assert!(t.dup2(0, 0).unwrap().is_none());
        assert!(t.get(0).unwrap().cloexec);
        // Past the end of the table (but within the limit), and from a closed number.
        assert!(t.dup2(0, 9).unwrap().is_none());
        assert_eq!(t.get(9).unwrap().entry, 7);
        assert_eq!(t.dup2(5, 2).unwrap_err(), Errno::BADF);
        assert_eq!(t.dup2(0, MAX_DESCRIPTORS as u32).unwrap_err(), Errno::BADF);
        // The lowest free number is still found after a dup2 past the end.
        assert_eq!(t.insert(slot(3)).unwrap(), 2);
    }

    #[test]
    fn insert_at_least_skips_lower_numbers() {
        let mut t = DescriptorTable::new();
        t.insert(slot(0)).unwrap();
        assert_eq!(t.insert_at_least(10, slot(1)).unwrap(), 10);
        assert_eq!(t.insert(slot(2)).unwrap(), 1);
        assert_eq!(t.insert_at_least(10, slot(3)).unwrap(), 11);
        assert_eq!(t.insert_at_least(5, slot(4)).unwrap(), 5);
        assert_eq!(t.insert(slot(5)).unwrap(), 2);
        assert_eq!(
            t.insert_at_least(MAX_DESCRIPTORS, slot(6)),
            Err(Errno::INVAL)
        );
    }

    #[test]
    fn exhaustion_gives_emfile_and_recovers() {
        let mut t = DescriptorTable::new();
        for i in 0..MAX_DESCRIPTORS {
            assert_eq!(t.insert(slot(0)).unwrap() as usize, i);
        }
        assert_eq!(t.insert(slot(0)), Err(Errno::MFILE));
        t.remove(700).unwrap();
        assert_eq!(t.insert(slot(0)).unwrap(), 700);
        assert_eq!(t.insert(slot(0)), Err(Errno::MFILE));
    }

    #[test]
    fn bad_descriptors() {
        let mut t: DescriptorTable<u32> = DescriptorTable::new();
        assert_eq!(t.get(0).err(), Some(Errno::BADF));
        assert_eq!(t.remove(5).err(), Some(Errno::BADF));
        t.insert(slot(1)).unwrap();
        t.remove(0).unwrap();
        assert_eq!(t.remove(0).err(), Some(Errno::BADF), "closing twice");
        assert_eq!(t.get(u32::MAX).err(), Some(Errno::BADF));
        assert!(t.is_empty());
    }

    #[test]
    fn replace_fills_hint_and_returns_old() {
        let mut t = DescriptorTable::new();
        assert!(t.replace(0, slot(1)).unwrap().is_none());
        assert_eq!(t.insert(slot(2)).unwrap(), 1);
        assert_eq!(t.replace(1, slot(3)).unwrap().unwrap().entry, 2);
        assert!(t.replace(4, slot(4)).unwrap().is_none());
        assert_eq!(t.insert(slot(5)).unwrap(), 2);
        assert_eq!(
            t.replace(MAX_DESCRIPTORS as u32, slot(6)).err(),
            Some(Errno::BADF)
        );
    }

    #[test]
    fn many_open_close_cycles_keep_the_table_small() {
        let mut t = DescriptorTable::new();
        for _ in 0..100_000 {
            let fd = t.insert(slot(0)).unwrap();
            assert_eq!(fd, 0);
            t.remove(fd).unwrap();
        }
        assert!(t.slots.is_empty());
    }
}
