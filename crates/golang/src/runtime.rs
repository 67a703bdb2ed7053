//! Go's runtime objects: channels, `select`'s waiters, mutexes, wait groups and `Once`,
//! each parking goroutines through wakers (a goroutine is one engine task).

use std::collections::VecDeque;
use std::sync::atomic::AtomicI64;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::Waker;

use crate::value::Value;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// How a wait was answered: the case number, a received value, and `ok`.
pub type Fired = (usize, Value, bool);

/// One parked goroutine's wait, possibly on several channels (a select): the first
/// channel to answer it wins.
#[derive(Debug, Default)]
pub struct Waiter {
    state: Mutex<(Option<Fired>, Option<Waker>)>,
}

impl Waiter {
    /// A new waiter woken through `waker`.
    pub fn new(waker: &Waker) -> Arc<Waiter> {
        Arc::new(Waiter {
            state: Mutex::new((None, Some(waker.clone()))),
        })
    }
    /// Answers the wait unless another channel already did; false then.
    pub fn fire(&self, f: Fired) -> Result<(), Fired> {
        let mut s = lock(&self.state);
        if s.0.is_some() {
            return Err(f);
        }
        s.0 = Some(f);
        if let Some(w) = s.1.take() {
            w.wake();
        }
        Ok(())
    }
    /// Whether it was answered (then the answer), else records the waker to use.
    pub fn take(&self, waker: &Waker) -> Option<Fired> {
        let mut s = lock(&self.state);
        match s.0.take() {
            Some(f) => {
                s.0 = Some((usize::MAX, Value::Nil, false));
                Some(f)
            }
            None => {
                s.1 = Some(waker.clone());
                None
            }
        }
    }
}

#[derive(Debug)]
struct ChanState {
    buf: VecDeque<Value>,
    cap: usize,
    closed: bool,
    recvq: VecDeque<(Arc<Waiter>, usize)>,
    sendq: VecDeque<(Arc<Waiter>, usize, Value)>,
}

/// A channel.
#[derive(Debug)]
pub struct Chan {
    state: Mutex<ChanState>,
    zero: Value,
}

/// What trying a channel operation without waiting gave.
pub enum Try {
    /// Done: a received value and ok (for a send, Nil and true).
    Done(Value, bool),
    /// It would wait.
    Wait,
    /// Send on a closed channel.
    Closed,
}

impl Chan {
    /// A channel of capacity `cap` whose element zero value is `zero`.
    pub fn new(cap: usize, zero: Value) -> Chan {
        Chan {
            state: Mutex::new(ChanState {
                buf: VecDeque::new(),
                cap,
                closed: false,
                recvq: VecDeque::new(),
                sendq: VecDeque::new(),
            }),
            zero,
        }
    }
    /// Buffered items.
    pub fn len(&self) -> usize {
        lock(&self.state).buf.len()
    }
    /// Whether empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Capacity.
    pub fn cap(&self) -> usize {
        lock(&self.state).cap
    }

    /// Sends without waiting if a receiver waits or the buffer has room; else, when
    /// `waiter` is given, queues it (case `case`) with the value.
    pub fn send(&self, v: Value, waiter: Option<(&Arc<Waiter>, usize)>) -> Try {
        let mut s = lock(&self.state);
        if s.closed {
            return Try::Closed;
        }
        let mut v = v;
        while let Some((r, case)) = s.recvq.pop_front() {
            match r.fire((case, v, true)) {
                Ok(()) => return Try::Done(Value::Nil, true),
                Err((_, back, _)) => v = back,
            }
        }
        if s.buf.len() < s.cap {
            s.buf.push_back(v);
            return Try::Done(Value::Nil, true);
        }
        if let Some((w, case)) = waiter {
            s.sendq.push_back((w.clone(), case, v));
        }
        Try::Wait
    }

    /// Receives without waiting if a value or a sender is there or the channel is
    /// closed; else, when `waiter` is given, queues it.
    pub fn recv(&self, waiter: Option<(&Arc<Waiter>, usize)>) -> Try {
        let mut s = lock(&self.state);
        if let Some(v) = s.buf.pop_front() {
            // A waiting sender's value takes the freed place.
            while let Some((w, case, sv)) = s.sendq.pop_front() {
                if w.fire((case, Value::Nil, true)).is_ok() {
                    s.buf.push_back(sv);
                    break;
                }
            }
            return Try::Done(v, true);
        }
        while let Some((w, case, sv)) = s.sendq.pop_front() {
            if w.fire((case, Value::Nil, true)).is_ok() {
                return Try::Done(sv, true);
            }
        }
        if s.closed {
            return Try::Done(self.zero.clone(), false);
        }
        if let Some((w, case)) = waiter {
            s.recvq.push_back((w.clone(), case));
        }
        Try::Wait
    }

    /// Closes; false if it was closed already.
    pub fn close(&self) -> bool {
        let mut s = lock(&self.state);
        if s.closed {
            return false;
        }
        s.closed = true;
        for (r, case) in s.recvq.drain(..) {
            let _ = r.fire((case, self.zero.clone(), false));
        }
        for (w, case, _) in s.sendq.drain(..) {
            // ok = false tells the sender the channel closed: it panics.
            let _ = w.fire((case, Value::Nil, false));
        }
        true
    }
}

/// Mutex and RWMutex state: a writer, readers, and the queue of waiters.
#[derive(Debug, Default)]
pub struct LockState {
    writer: bool,
    readers: u32,
    queue: VecDeque<(Arc<Waiter>, bool)>,
}

/// The library's synchronisation objects.
#[derive(Debug)]
pub enum SyncObj {
    /// A Mutex or RWMutex.
    Lock(Mutex<LockState>),
    /// A WaitGroup: the counter and the waiters.
    WaitGroup(Mutex<(i64, Vec<Arc<Waiter>>)>),
    /// A Once: done, running, waiters.
    Once(Mutex<(bool, bool, Vec<Arc<Waiter>>)>),
    /// atomic.Int64.
    Atomic(AtomicI64),
    /// A strings.Builder's text (not synchronisation, but like these a library object
    /// shared by pointer and copied by value).
    Builder(Mutex<String>),
}

/// What acquiring a lock gave.
pub enum Acquire {
    /// Held now.
    Got,
    /// Queued.
    Wait,
}

impl SyncObj {
    /// The word of an atomic type's value (`atomic.Int64`, `atomic.Bool`, ...).
    pub fn atomic_word(&self) -> Option<&AtomicI64> {
        match self {
            SyncObj::Atomic(w) => Some(w),
            _ => None,
        }
    }

    /// A copy, as Go copies a `sync` value: its state (a counter, whether it is locked or
    /// done, an atomic's value), not the goroutines waiting on it.
    pub fn copy(&self) -> SyncObj {
        match self {
            SyncObj::Lock(m) => {
                let s = lock(m);
                SyncObj::Lock(Mutex::new(LockState {
                    writer: s.writer,
                    readers: s.readers,
                    queue: VecDeque::new(),
                }))
            }
            SyncObj::WaitGroup(m) => SyncObj::WaitGroup(Mutex::new((lock(m).0, Vec::new()))),
            SyncObj::Once(m) => SyncObj::Once(Mutex::new((lock(m).0, false, Vec::new()))),
            SyncObj::Atomic(a) => {
                SyncObj::Atomic(AtomicI64::new(a.load(std::sync::atomic::Ordering::Relaxed)))
            }
            SyncObj::Builder(t) => SyncObj::Builder(Mutex::new(lock(t).clone())),
        }
    }

    /// Locks (for writing unless `read`), queueing `waiter` if it must wait.
    pub fn lock(&self, read: bool, waiter: impl FnOnce() -> Arc<Waiter>) -> Acquire {
        let SyncObj::Lock(m) = self else {
            return Acquire::Got;
        };
        let mut s = lock(m);
        let free = if read {
            !s.writer && !s.queue.iter().any(|(_, w)| !*w)
        } else {
            !s.writer && s.readers == 0 && s.queue.is_empty()
        };
        if free {
            if read {
                s.readers += 1;
            } else {
                s.writer = true;
            }
            return Acquire::Got;
        }
        s.queue.push_back((waiter(), !read));
        Acquire::Wait
    }

    /// Unlocks; false if it was not locked (for writing unless `read`).
    pub fn unlock(&self, read: bool) -> bool {
        let SyncObj::Lock(m) = self else { return false };
        let mut s = lock(m);
        if read {
            if s.readers == 0 {
                return false;
            }
            s.readers -= 1;
        } else {
            if !s.writer {
                return false;
            }
            s.writer = false;
        }
        // Hand the lock to the next waiters: one writer, or every reader in front.
        while let Some((w, write)) = s.queue.front().cloned() {
            if write {
                if s.readers == 0 && !s.writer {
                    s.queue.pop_front();
                    s.writer = true;
                    let _ = w.fire((0, Value::Nil, true));
                }
                break;
            }
            if s.writer {
                break;
            }
            s.queue.pop_front();
            s.readers += 1;
            let _ = w.fire((0, Value::Nil, true));
        }
        true
    }

    /// TryLock.
    pub fn try_lock(&self) -> bool {
        let SyncObj::Lock(m) = self else { return false };
        let mut s = lock(m);
        if !s.writer && s.readers == 0 {
            s.writer = true;
            return true;
        }
        false
    }

    /// WaitGroup.Add; false if the counter went negative.
    pub fn wg_add(&self, n: i64) -> bool {
        let SyncObj::WaitGroup(m) = self else {
            return true;
        };
        let mut s = lock(m);
        s.0 += n;
        if s.0 < 0 {
            return false;
        }
        if s.0 == 0 {
            for w in s.1.drain(..) {
                let _ = w.fire((0, Value::Nil, true));
            }
        }
        true
    }

    /// WaitGroup.Wait: true if the counter is 0, else queues the waiter.
    pub fn wg_wait(&self, waiter: impl FnOnce() -> Arc<Waiter>) -> bool {
        let SyncObj::WaitGroup(m) = self else {
            return true;
        };
        let mut s = lock(m);
        if s.0 == 0 {
            return true;
        }
        s.1.push(waiter());
        false
    }

    /// Once.Do's start: Some(true) to run f, Some(false) if done, None if queued
    /// behind the running call.
    pub fn once_start(&self, waiter: impl FnOnce() -> Arc<Waiter>) -> Option<bool> {
        let SyncObj::Once(m) = self else {
            return Some(false);
        };
        let mut s = lock(m);
        if s.0 {
            return Some(false);
        }
        if s.1 {
            s.2.push(waiter());
            return None;
        }
        s.1 = true;
        Some(true)
    }

    /// Once.Do's end: done, waiters woken.
    pub fn once_end(&self) {
        let SyncObj::Once(m) = self else { return };
        let mut s = lock(m);
        s.0 = true;
        s.1 = false;
        for w in s.2.drain(..) {
            let _ = w.fire((0, Value::Nil, true));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Waker;

    #[test]
    fn a_buffered_channel_queues_and_a_closed_one_gives_zero_and_not_ok() {
        let c = Chan::new(1, Value::Int(0));
        assert!(matches!(c.send(Value::Int(5), None), Try::Done(..)));
        assert!(matches!(c.send(Value::Int(6), None), Try::Wait));
        assert!(matches!(c.recv(None), Try::Done(Value::Int(5), true)));
        assert!(c.close());
        assert!(!c.close());
        assert!(matches!(c.recv(None), Try::Done(Value::Int(0), false)));
        assert!(matches!(c.send(Value::Int(1), None), Try::Closed));
    }

    #[test]
    fn an_unbuffered_send_hands_its_value_to_a_waiting_receiver() {
        let c = Chan::new(0, Value::Nil);
        let w = Waiter::new(Waker::noop());
        assert!(matches!(c.recv(Some((&w, 3))), Try::Wait));
        assert!(matches!(c.send(Value::Int(9), None), Try::Done(..)));
        assert!(matches!(
            w.take(Waker::noop()),
            Some((3, Value::Int(9), true))
        ));
    }

    #[test]
    fn unlocking_hands_the_mutex_to_the_next_waiter() {
        let m = SyncObj::Lock(Mutex::default());
        assert!(matches!(m.lock(false, || unreachable!()), Acquire::Got));
        let w = Waiter::new(Waker::noop());
        assert!(matches!(m.lock(false, || w.clone()), Acquire::Wait));
        assert!(m.unlock(false));
        assert!(w.take(Waker::noop()).is_some());
        assert!(m.unlock(false));
        assert!(!m.unlock(false));
    }
}
