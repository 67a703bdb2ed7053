//! `interleave go FILE.go`: the program's output and Go's exit statuses (0, 1 for a
//! compile error as `FILE:line:col: message`, 2 for a panic or a deadlock).

use std::path::PathBuf;
use std::process::{Command, Output};

fn program(name: &str, src: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("go-cli");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, src).unwrap();
    path
}

fn go(path: &PathBuf, workers: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_interleave"))
        .arg("go")
        .arg(path)
        .args(["--workers", workers])
        .output()
        .unwrap()
}

#[test]
fn a_program_prints_and_exits_0() {
    let p = program(
        "ok.go",
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tch := make(chan int)\n\tgo func() { ch <- 42 }()\n\tfmt.Println(<-ch)\n}\n",
    );
    let out = go(&p, "2");
    assert_eq!(String::from_utf8_lossy(&out.stdout), "42\n");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_compile_error_is_file_line_col_and_exit_1() {
    let p = program("bad.go", "package main\n\nfunc main() {\n\tx := 1\n}\n");
    let out = go(&p, "1");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        format!("{}:4:2: declared and not used: x\n", p.display())
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_panic_and_a_deadlock_exit_2_with_gos_message() {
    let p = program(
        "panic.go",
        "package main\n\nfunc main() {\n\txs := []int{1, 2, 3}\n\ti := 5\n\t_ = xs[i]\n}\n",
    );
    let out = go(&p, "1");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("panic: runtime error: index out of range [5] with length 3\n")
    );
    assert_eq!(out.status.code(), Some(2));
    let p = program(
        "deadlock.go",
        "package main\n\nfunc main() {\n\tch := make(chan int)\n\t<-ch\n}\n",
    );
    let out = go(&p, "2");
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .starts_with("fatal error: all goroutines are asleep - deadlock!")
    );
    assert_eq!(out.status.code(), Some(2));
}
