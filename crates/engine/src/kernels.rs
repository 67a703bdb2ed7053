//! The CPU work experiments are made of: small loops the compiler cannot skip.
//!
//! Each kernel is `#[inline(never)]`, so every variant of an experiment runs the very
//! same machine code, and only the structure around it (tasks, workers) differs.

use std::hint::black_box;

/// How many numbers one call of [`sum_range`] adds at most when work is cut into
/// pieces; see [`sum_pieces`].
pub const PIECE: u64 = 1 << 20;

/// Adds the numbers `lo..hi` one at a time.
///
/// `black_box` on the running total stops the compiler from replacing the loop by the
/// closed form or vectorising it away: the point is to do the CPU work, not to skip it.
#[inline(never)]
pub fn sum_range(lo: u64, hi: u64) -> u64 {
    let mut total = 0u64;
    for i in lo..hi {
        total = black_box(total.wrapping_add(i));
    }
    total
}

/// Adds the numbers `lo..hi` in pieces of at most [`PIECE`], so that one long range and
/// many short ones run the kernel the same way; returns early once a stop is asked for
/// ([`crate::stop`]).
pub fn sum_pieces(lo: u64, hi: u64) -> u64 {
    let mut total = 0u64;
    let mut start = lo;
    while start < hi && !crate::stop::requested() {
        let end = hi.min(start.saturating_add(PIECE));
        total = total.wrapping_add(sum_range(start, end));
        start = end;
    }
    total
}

/// `1 + 2 + ... + n`, in closed form (exact for n up to 6e9).
pub fn triangular(n: u64) -> u64 {
    let n = u128::from(n);
    u64::try_from(n * (n + 1) / 2).unwrap_or(u64::MAX)
}

/// The n-th Fibonacci number by naive recursion: about 1.6^n calls of pure CPU work.
///
/// `n` passes through `black_box` once per call, so the compiler cannot compute the result
/// once for a loop of calls; the recursion itself is left to the optimiser, as in any
/// program (an opaque value at every level would force it through linear memory on
/// wasm, which made wasm three times slower than native for no reason a learner cares
/// about).
///
/// A stop ([`crate::stop`]) is looked at once per call, so a stopped run's worker ends
/// with the call it is in (the experiments' calls take tens of milliseconds).
#[inline(never)]
pub fn fib(n: u32) -> u64 {
    if crate::stop::requested() {
        return 0;
    }
    fib_of(black_box(n))
}

fn fib_of(n: u32) -> u64 {
    if n < 2 {
        u64::from(n)
    } else {
        fib_of(n - 1).wrapping_add(fib_of(n - 2))
    }
}

/// Calls every kernel on small inputs, so a browser optimises them all.
pub fn warm_up() {
    for _ in 0..4 {
        black_box(sum_pieces(1, PIECE / 2));
        black_box(fib(black_box(20)));
        black_box(scan(black_box(&[1, 2, 3, 4]), 1));
    }
}

/// Adds up `data` `passes` times, as fast as the memory delivers it: little work per
/// number fetched. Returns early, between passes, once a stop is asked for.
#[inline(never)]
pub fn scan(data: &[u64], passes: u64) -> u64 {
    let mut total = 0u64;
    for _ in 0..passes {
        if crate::stop::requested() {
            break;
        }
        total = total.wrapping_add(data.iter().fold(0u64, |a, &x| a.wrapping_add(x)));
        black_box(&total);
    }
    total
}

/// Part `index` of `lo..hi` cut into `count` contiguous parts, which cover it exactly
/// and differ in length by at most one.
pub fn part((lo, hi): (u64, u64), index: u64, count: u64) -> (u64, u64) {
    let (len, count) = (hi - lo, count.max(1));
    let at = |i: u64| lo + len / count * i + (len % count).min(i);
    (at(index), at(index + 1))
}

/// Splits `1..=n` into `parts` contiguous ranges of nearly equal length ([`part`]).
pub fn split(n: u64, parts: u64) -> Vec<(u64, u64)> {
    let parts = parts.max(1);
    (0..parts).map(|p| part((1, n + 1), p, parts)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_covers_the_range_exactly() {
        for (n, parts) in [(10, 3), (1, 4), (1_000_001, 7), (5, 1)] {
            let ranges = split(n, parts);
            assert_eq!(ranges.len() as u64, parts);
            assert_eq!(ranges[0].0, 1);
            assert_eq!(ranges.last().unwrap().1, n + 1);
            for pair in ranges.windows(2) {
                assert_eq!(pair[0].1, pair[1].0);
            }
        }
    }

    #[test]
    fn sums_match_the_closed_form() {
        assert_eq!(sum_range(1, 101), triangular(100));
        assert_eq!(sum_pieces(1, 3 * PIECE + 8), triangular(3 * PIECE + 7));
        assert_eq!(triangular(4_000_000_000), 8_000_000_002_000_000_000);
    }

    #[test]
    fn fib_is_fibonacci() {
        let first: Vec<u64> = (0..10).map(fib).collect();
        assert_eq!(first, [0, 1, 1, 2, 3, 5, 8, 13, 21, 34]);
        assert_eq!(fib(30), 832_040);
    }
}
