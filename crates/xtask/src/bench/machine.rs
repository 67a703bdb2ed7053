//! Facts about the machine and the build that a benchmark's numbers depend on.

use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use crate::repo_root;

/// The first line a command prints on stdout, or `unknown`.
fn first_line(program: &str, args: &[&str]) -> String {
    Command::new(program)
        .current_dir(repo_root())
        .args(args)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|text| text.lines().next().map(|l| l.trim().to_owned()))
        .filter(|line| !line.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

/// The CPU's model name from `/proc/cpuinfo`.
fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name")?.split_once(':'))
                .map(|(_, name)| name.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown".into())
}

/// The commit measured, marked when the working tree has changes of its own.
fn commit() -> String {
    let hash = first_line("git", &["rev-parse", "--short=12", "HEAD"]);
    let dirty = Command::new("git")
        .current_dir(repo_root())
        .args(["status", "--porcelain", "--untracked-files=no"])
        .output()
        .is_ok_and(|o| !o.stdout.is_empty());
    if dirty {
        format!("{hash} (with uncommitted changes)")
    } else {
        hash
    }
}

/// A time as an ISO 8601 UTC date, e.g. `2026-05-21T08:30:00Z`, from seconds since
/// 1970 (days to a civil date by Howard Hinnant's algorithm).
pub fn utc(seconds: u64) -> String {
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest / 60 % 60,
        rest % 60
    )
}

/// The load average over 1, 5 and 15 minutes, as `/proc/loadavg` has it.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(", "))
        .unwrap_or_else(|_| "unknown".into())
}

/// The machine's facts as (name, value), in the order the report shows them.
pub fn facts(cores: u32, chromium: &str, user_agent: &str) -> Vec<(&'static str, String)> {
    #[allow(clippy::disallowed_methods)] // The build tool runs natively only.
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    vec![
        ("Date", utc(now)),
        ("Commit", commit()),
        ("Cores", cores.to_string()),
        ("CPU", cpu_model()),
        ("Browser", first_line(chromium, &["--version"])),
        ("User agent", user_agent.to_owned()),
        ("rustc", first_line("rustc", &["--version"])),
        ("Node.js", first_line("node", &["--version"])),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_utc_civil_dates() {
        assert_eq!(utc(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc(1_779_352_245), "2026-05-21T08:30:45Z");
    }
}
