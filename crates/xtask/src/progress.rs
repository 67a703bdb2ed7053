//! One line when a long step starts and one with its time when it ends, so that a first
//! build (minutes on 2 cores) says what it is doing instead of only cargo's lines.

use std::time::Instant;

/// Runs `work` as step `index` of `total`, announcing it as `==> label (i of n) ...` and
/// closing with `    label: done in 41 s` (or `failed after`).
#[allow(clippy::disallowed_methods)] // The build tool runs natively only.
pub fn step<T>(
    label: &str,
    (index, total): (usize, usize),
    work: impl FnOnce() -> Result<T, String>,
) -> Result<T, String> {
    eprintln!("\n==> {label} ({index} of {total}) ...");
    let started = Instant::now();
    let result = work();
    let seconds = started.elapsed().as_secs_f64();
    let outcome = if result.is_ok() {
        "done in"
    } else {
        "failed after"
    };
    eprintln!("    {label}: {outcome} {}", duration(seconds));
    result
}

/// `0.4 s`, `41 s`, `3 min 12 s`.
fn duration(seconds: f64) -> String {
    if seconds < 1.0 {
        format!("{seconds:.1} s")
    } else if seconds < 60.0 {
        format!("{seconds:.0} s")
    } else {
        let whole = seconds.round() as u64;
        format!("{} min {} s", whole / 60, whole % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::duration;

    #[test]
    fn durations_read_as_a_person_writes_them() {
        assert_eq!(duration(0.42), "0.4 s");
        assert_eq!(duration(41.3), "41 s");
        assert_eq!(duration(192.0), "3 min 12 s");
    }
}
