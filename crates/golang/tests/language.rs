//! Language behaviour beyond the corpus: fmt calls String and Error methods, recover
//! stops a panic and the function returns its named results (outputs checked with Go 1.19).

mod common;

use interleave_golang::compile;

fn go(src: &str) -> (String, String, i32) {
    let ran = common::go(src, 1).unwrap_or_else(|e| panic!("{e}"));
    (ran.stdout, ran.stderr, ran.exit)
}

#[test]
fn fmt_and_panic_use_string_and_error_methods() {
    let src = r#"package main

import "fmt"

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f C", float64(c)) }

type MyErr struct{ Code int }

func (e *MyErr) Error() string { return fmt.Sprintf("code %d", e.Code) }

func find() error { return &MyErr{42} }

func main() {
	fmt.Println(Celsius(21.5))
	fmt.Printf("%v|%s\n", find(), find())
	panic(find())
}
"#;
    let (o, e, exit) = go(src);
    assert_eq!(o, "21.5 C\ncode 42|code 42\n");
    assert!(e.starts_with("panic: code 42\n"), "{e}");
    assert_eq!(exit, 2);
}

#[test]
fn recover_turns_a_panic_into_the_named_error_result() {
    let src = r#"package main

import "fmt"

func safeDiv(a, b int) (q int, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("recovered: %v", r)
		}
	}()
	return a / b, nil
}

func main() {
	fmt.Println(safeDiv(7, 2))
	fmt.Println(safeDiv(1, 0))
	fmt.Println("still running")
}
"#;
    let (o, _, exit) = go(src);
    assert_eq!(
        o,
        "3 <nil>\n0 recovered: runtime error: integer divide by zero\nstill running\n"
    );
    assert_eq!(exit, 0);
}

#[test]
fn compile_errors_name_the_position_and_the_construct() {
    let e = compile("package main\n\nfunc main() {\n\tx := 1\n}\n").unwrap_err();
    assert_eq!(e[0].to_string(), "prog.go:4:2: declared and not used: x");
    let e = compile("package main\n\nfunc Map[T any](x T) T { return x }\n\nfunc main() {}\n")
        .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "prog.go:3:9: generic functions are not supported here"
    );
}

#[test]
fn a_value_without_an_interfaces_methods_is_refused_where_it_meets_the_interface() {
    let src = "package main\n\ntype Shape interface{ Area() int }\n\ntype Sq struct{ s int }\n\nfunc (q *Sq) Area() int { return q.s * q.s }\n\ntype Line struct{}\n\nfunc main() {\n\tvar a Shape = &Sq{2}\n\tvar b Shape = Sq{2}\n\tvar c Shape = Line{}\n\t_, _, _ = a, b, c\n}\n";
    let e = compile(src).unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "prog.go:13:16: cannot use Sq{…} (value of type Sq) as Shape value: Sq does not implement Shape (method Area has pointer receiver)"
    );
    let without_b = src
        .replace("\tvar b Shape = Sq{2}\n", "")
        .replace("a, b, c", "a, c");
    let e = compile(&without_b).unwrap_err();
    assert!(
        e[0].to_string()
            .ends_with("Line does not implement Shape (missing method Area)"),
        "{}",
        e[0]
    );
}
