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

/// How long a goroutine may wait for a mutex before the mutex stops letting newcomers
/// take it first and hands it to its waiters in turn (Go's `starvationThresholdNs`).
pub const STARVATION_NS: u64 = 1_000_000;

/// A goroutine queued on a Mutex or RWMutex.
#[derive(Debug)]
struct Queued {
    waiter: Arc<Waiter>,
    /// Whether it wants the lock for writing.
    write: bool,
    /// When it began to wait, for starvation.
    since_ns: u64,
}

/// Mutex and RWMutex state: a writer, readers, and the queue of waiters.
///
/// Writers compete as in Go's `sync.Mutex` (`sync/mutex.go`). In **normal mode** an
/// unlock does not give the lock to the writer at the front of the queue but wakes it
/// to try again, and a goroutine that is running when the lock is free takes it first:
/// handing a lock to a goroutine that still has to be scheduled would keep it held by
/// nobody running, and every goroutine behind would queue up (a lock convoy). A woken
/// writer that loses goes back to the front. Once the front writer has waited
/// [`STARVATION_NS`], the mutex **starves**: unlocks hand it over, newcomers queue, until
/// a writer gets it that waited less or the queue is empty. Readers and writers pass the
/// lock between them by handover, as Go's `RWMutex` does: a reader queued behind a
/// writer holds the read lock as soon as that writer unlocks, and a writer waiting for
/// readers holds the lock when the last of them unlocks.
#[derive(Debug, Default)]
pub struct LockState {
    writer: bool,
    readers: u32,
    queue: VecDeque<Queued>,
    /// Unlocks hand the lock over to the front writer; nobody barges.
    starving: bool,
    /// A writer was woken to try again and has not yet: unlocks wake no other meanwhile
    /// (Go's `mutexWoken`).
    woken: bool,
}

impl LockState {
    /// Whether the lock can be taken now by a newcomer (for writing unless `read`).
    fn free_for(&self, read: bool) -> bool {
        if read {
            !self.writer && !self.queue.iter().any(|q| q.write)
        } else {
            !self.writer && self.readers == 0 && !(self.starving && !self.queue.is_empty())
        }
    }

    /// Passes the lock on after an unlock left it free of writers: to the readers at the
    /// front, or, once no reader holds it, to the front writer (handed over when the lock
    /// starves or readers had it, woken to try again otherwise).
    fn pass_on(&mut self, now_ns: impl FnOnce() -> u64, after_readers: bool) {
        while self.queue.front().is_some_and(|q| !q.write) {
            let q = self.queue.pop_front().expect("a front reader");
            self.readers += 1;
            let _ = q.waiter.fire((0, Value::Nil, true));
        }
        if self.readers > 0 {
            return;
        }
        let Some(front) = self.queue.front() else {
            self.starving = false;
            return;
        };
        let waited = now_ns().saturating_sub(front.since_ns);
        if after_readers || self.starving || waited >= STARVATION_NS {
            let q = self.queue.pop_front().expect("a front writer");
            self.writer = true;
            // Starving ends with a writer that did not wait long, or the last one.
            self.starving = waited >= STARVATION_NS && !self.queue.is_empty();
            let _ = q.waiter.fire((0, Value::Nil, true));
        } else if !self.woken {
            let q = self.queue.pop_front().expect("a front writer");
            self.woken = true;
            // Not ok: not granted, only woken to try again.
            let _ = q.waiter.fire((0, Value::Nil, false));
        }
    }
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
                    ..LockState::default()
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

    /// Locks (for writing unless `read`), queueing the waiter `waiter` makes, with when
    /// it began to wait, if it must wait. `retry` is a writer woken to try again: it
    /// clears the woken mark and, losing, queues at the front, as Go requeues a waiter
    /// that already waited.
    pub fn lock(
        &self,
        read: bool,
        retry: bool,
        waiter: impl FnOnce() -> (Arc<Waiter>, u64),
    ) -> Acquire {
        let SyncObj::Lock(m) = self else {
            return Acquire::Got;
        };
        let mut s = lock(m);
        if retry {
            s.woken = false;
        }
        if s.free_for(read) {
            if read {
                s.readers += 1;
            } else {
                s.writer = true;
            }
            return Acquire::Got;
        }
        let (waiter, since_ns) = waiter();
        let q = Queued {
            waiter,
            write: !read,
            since_ns,
        };
        if retry {
            s.queue.push_front(q);
        } else {
            s.queue.push_back(q);
        }
        Acquire::Wait
    }

    /// Unlocks; false if it was not locked (for writing unless `read`). `now_ns` is read
    /// only when a writer waits.
    pub fn unlock(&self, read: bool, now_ns: impl FnOnce() -> u64) -> bool {
        let SyncObj::Lock(m) = self else { return false };
        let mut s = lock(m);
        if read {
            if s.readers == 0 {
                return false;
            }
            s.readers -= 1;
            if s.readers == 0 {
                s.pass_on(now_ns, true);
            }
        } else {
            if !s.writer {
                return false;
            }
            s.writer = false;
            s.pass_on(now_ns, false);
        }
        true
    }

    /// Whether a `Lock` finding the mutex held should spin: not while it starves, when
    /// it is handed over in turn and a newcomer cannot take it (Go spins only while the
    /// mutex is locked and not starving).
    pub fn worth_spinning(&self) -> bool {
        let SyncObj::Lock(m) = self else { return false };
        !lock(m).starving
    }

    /// TryLock, and a spinning `Lock`'s attempts: takes the lock for writing if a
    /// newcomer may now (not while it starves), without queueing.
    pub fn try_lock(&self) -> bool {
        let SyncObj::Lock(m) = self else { return false };
        let mut s = lock(m);
        if s.free_for(false) {
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
    fn a_mutex_whose_waiter_waited_long_hands_itself_over() {
        let (m, ws) = held_with_waiters(1);
        let w = &ws[0];
        // It waited long: the mutex starves and hands itself over.
        assert!(m.unlock(false, || STARVATION_NS));
        assert!(matches!(w.take(Waker::noop()), Some((0, _, true))));
        assert!(m.unlock(false, || unreachable!()));
        assert!(!m.unlock(false, || unreachable!()));
    }

    /// A mutex with a writer holding it and `waiters` queued since 0.
    fn held_with_waiters(waiters: usize) -> (SyncObj, Vec<Arc<Waiter>>) {
        let m = SyncObj::Lock(Mutex::default());
        assert!(matches!(
            m.lock(false, false, || unreachable!()),
            Acquire::Got
        ));
        let ws: Vec<_> = (0..waiters).map(|_| Waiter::new(Waker::noop())).collect();
        for w in &ws {
            assert!(matches!(
                m.lock(false, false, || (w.clone(), 0)),
                Acquire::Wait
            ));
        }
        (m, ws)
    }

    #[test]
    fn in_normal_mode_an_unlock_wakes_a_waiter_and_a_running_goroutine_may_take_it_first() {
        let (m, ws) = held_with_waiters(2);
        assert!(m.unlock(false, || 10));
        // Woken, not granted; the second waiter is not woken while the first is.
        assert!(matches!(ws[0].take(Waker::noop()), Some((0, _, false))));
        assert!(ws[1].take(Waker::noop()).is_none());
        // A newcomer takes the free lock before the woken waiter runs.
        assert!(m.try_lock());
        assert!(m.unlock(false, || 20));
        assert!(ws[1].take(Waker::noop()).is_none());
        // The woken waiter tries again, loses to a newcomer, and queues at the front.
        assert!(m.try_lock());
        let again = Waiter::new(Waker::noop());
        assert!(matches!(
            m.lock(false, true, || (again.clone(), 0)),
            Acquire::Wait
        ));
        assert!(m.unlock(false, || 30));
        assert!(matches!(again.take(Waker::noop()), Some((0, _, false))));
        assert!(ws[1].take(Waker::noop()).is_none());
    }

    #[test]
    fn a_starving_mutex_makes_newcomers_queue_until_a_waiter_that_did_not_wait_long_has_it() {
        let (m, ws) = held_with_waiters(2);
        assert!(m.unlock(false, || STARVATION_NS));
        assert!(matches!(ws[0].take(Waker::noop()), Some((0, _, true))));
        // Starving: no barging, and the next unlock hands over again.
        assert!(!m.try_lock());
        let late = Waiter::new(Waker::noop());
        let now = STARVATION_NS + 1;
        assert!(matches!(
            m.lock(false, false, || (late.clone(), now)),
            Acquire::Wait
        ));
        assert!(m.unlock(false, || STARVATION_NS));
        assert!(matches!(ws[1].take(Waker::noop()), Some((0, _, true))));
        // `late` waited briefly: handed over, and the mutex is back to normal.
        assert!(m.unlock(false, || now + 10));
        assert!(matches!(late.take(Waker::noop()), Some((0, _, true))));
        assert!(m.unlock(false, || unreachable!()));
        assert!(m.try_lock());
    }

    #[test]
    fn readers_and_writers_of_an_rwmutex_pass_it_over_between_them() {
        let m = SyncObj::Lock(Mutex::default());
        assert!(matches!(
            m.lock(true, false, || unreachable!()),
            Acquire::Got
        ));
        let writer = Waiter::new(Waker::noop());
        assert!(matches!(
            m.lock(false, false, || (writer.clone(), 0)),
            Acquire::Wait
        ));
        // A writer waits: a new reader queues behind it.
        let reader = Waiter::new(Waker::noop());
        assert!(matches!(
            m.lock(true, false, || (reader.clone(), 0)),
            Acquire::Wait
        ));
        // The last reader out hands the lock to the writer, whatever the clock.
        assert!(m.unlock(true, || 5));
        assert!(matches!(writer.take(Waker::noop()), Some((0, _, true))));
        // The writer's unlock hands the read lock to the reader behind it.
        assert!(m.unlock(false, || 6));
        assert!(matches!(reader.take(Waker::noop()), Some((0, _, true))));
        assert!(m.unlock(true, || unreachable!()));
        assert!(!m.unlock(true, || unreachable!()));
    }
}
