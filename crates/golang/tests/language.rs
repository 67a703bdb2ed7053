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
    let e =
        compile("package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"a\\xffb\")\n}\n")
            .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "prog.go:6:14: strings that are not valid UTF-8 are not supported here"
    );
    let e = compile("package main\n\ntype T struct{}\n\nfunc (T) M() {}\n\nfunc main() {\n\tf := T.M\n\t_ = f\n}\n")
        .unwrap_err();
    assert_eq!(
        e[0].to_string(),
        "prog.go:8:7: method expressions (T.M) are not supported here"
    );
}

#[test]
fn bytes_that_are_not_utf8_stop_the_program_rather_than_become_other_text() {
    let (out, err, exit) = go(
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tb := []byte{104, 105}\n\tfmt.Println(string(b))\n\tb = append(b, 255)\n\tfmt.Println(string(b))\n}\n",
    );
    assert_eq!((out.as_str(), exit), ("hi\n", 2));
    assert!(
        err.starts_with(
            "fatal error: a string of bytes that are not valid UTF-8 is not supported here"
        ),
        "{err}"
    );
}

#[test]
fn a_channel_is_used_only_the_way_its_direction_allows() {
    // Each line, in a program where s is send-only and r receive-only, with Go's message.
    let cases = [
        (
            "x := <-s",
            "8:9: invalid operation: cannot receive from send-only channel s (variable of type chan<- int)",
        ),
        (
            "r <- 1",
            "8:2: invalid operation: cannot send to receive-only channel r (variable of type <-chan int)",
        ),
        (
            "close(r)",
            "8:8: invalid operation: cannot close receive-only channel r (variable of type <-chan int)",
        ),
        (
            "for range s {}",
            "8:12: cannot range over s (variable of type chan<- int) (receive from send-only channel)",
        ),
        (
            "select { case r <- 1: }",
            "8:16: invalid operation: cannot send to receive-only channel r (variable of type <-chan int)",
        ),
    ];
    for (line, want) in cases {
        let src = format!(
            "package main\n\nfunc main() {{\n\tc := make(chan int, 1)\n\tvar s chan<- int = c\n\tvar r <-chan int = c\n\t_, _ = s, r\n\t{line}\n}}\n"
        );
        let e = compile(&src).unwrap_err();
        assert_eq!(e[0].to_string(), format!("prog.go:{want}"), "{line}");
    }
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

/// The first compile error of `src`, as `prog.go:line:col: message`.
fn first_error(src: &str) -> String {
    match compile(src) {
        Ok(_) => panic!("compiled:\n{src}"),
        Err(e) => e[0].to_string(),
    }
}

#[test]
fn an_error_about_an_expression_is_where_the_expression_begins() {
    // As Go 1.19 reports them: at the leftmost operand, at a selector's name, at the first
    // extra argument or the last one given.
    let cases = [
        (
            "func main() {\n\tx := \"-\" * 20\n\t_ = x\n}\n",
            "4:7: invalid operation: \"-\" * 20 (mismatched types untyped string and untyped int)",
        ),
        (
            "const Limit int8 = 100\n\nfunc main() {\n\tconst big = Limit * 2\n}\n",
            "6:14: Limit * 2 (constant 200 of type int8) overflows int8",
        ),
        (
            "func main() {\n\tvar n int = 1 << 63\n\t_ = n\n}\n",
            "4:14: cannot use 9223372036854775808 (untyped int constant) as int value in assignment (overflows)",
        ),
        (
            "func main() {\n\tlevel := int8(200)\n\t_ = level\n}\n",
            "4:16: cannot use 200 (untyped int constant) as int8 value in assignment (overflows)",
        ),
        (
            "func get() int { return 1 }\n\nfunc main() {\n\tvar s string = get()\n\t_ = s\n}\n",
            "6:17: cannot use get() (variable of type int) as string value",
        ),
        (
            "func main() {\n\ttotal := 1\n\t_ = total()\n}\n",
            "5:6: invalid operation: cannot call non-function total (variable of type int)",
        ),
        (
            "import \"sync\"\n\nfunc main() {\n\tvar mu sync.Mutex\n\tmu.Release()\n}\n",
            "7:5: mu.Release undefined (type sync.Mutex has no field or method Release)",
        ),
        (
            "import \"fmt\"\n\nfunc main() {\n\tfmt.println(\"hi\")\n}\n",
            "6:6: undefined: fmt.println",
        ),
        (
            "import \"sync\"\n\nfunc main() {\n\tvar wg sync.WaitGroup\n\twg.Add()\n}\n",
            "7:2: not enough arguments in call",
        ),
        (
            "func two(a, b int) {}\n\nfunc main() {\n\ttwo(1)\n}\n",
            "6:6: not enough arguments in call",
        ),
        (
            "func two(a, b int) {}\n\nfunc main() {\n\ttwo(1, 2, 3)\n}\n",
            "6:12: too many arguments in call",
        ),
    ];
    for (body, want) in cases {
        let src = format!("package main\n\n{body}");
        assert_eq!(first_error(&src), format!("prog.go:{want}"), "{src}");
    }
}

#[test]
fn an_integer_divided_by_a_constant_zero_is_refused() {
    let src = "package main\n\nfunc main() {\n\tx := 10\n\t_ = x / 0\n}\n";
    assert_eq!(
        first_error(src),
        "prog.go:5:10: invalid operation: division by zero"
    );
}

#[test]
fn an_error_about_a_statement_or_declaration_is_where_go_puts_it() {
    // Go 1.19: a return's count at its first extra value or its last one, a label at its
    // name, "missing return" at the closing brace, a function at its name, `:=` at the
    // operator and a count of values at the first value.
    let cases = [
        (
            "func f() (int, int, int) {\n\treturn 1, 2\n}\n\nfunc main() { f() }\n",
            "4:12: not enough return values",
        ),
        (
            "func g() int {\n\treturn 1, 2\n}\n\nfunc main() { g() }\n",
            "4:12: too many return values",
        ),
        (
            "func g() int { return 1 }\n\nfunc h() (int, int) {\n\treturn g()\n}\n\nfunc main() { h() }\n",
            "6:9: not enough return values",
        ),
        (
            "func main() {\n\tx := 1\n\tx := 2\n\t_ = x\n}\n",
            "5:4: no new variables on left side of :=",
        ),
        (
            "func main() {\n\td, e := 1, 2, 3\n\t_, _ = d, e\n}\n",
            "4:10: assignment mismatch: 2 variables but 3 values",
        ),
        (
            "func main() {\n\tfor {\n\t\tbreak outer\n\t}\n}\n",
            "5:9: break label not defined: outer",
        ),
        (
            "func main() {\nouter:\n\tfor {\n\t\tbreak\n\t}\n\tfor {\n\t\tcontinue outer\n\t}\n}\n",
            "9:12: invalid continue label outer",
        ),
        (
            "func main() {\nouter:\n\tfor {\n\t\tbreak\n\t}\n}\n",
            "4:1: label outer defined and not used",
        ),
        (
            "func main() {\n\tch := make(chan int)\n\tfor i, v := range ch {\n\t\t_, _ = i, v\n\t}\n}\n",
            "5:9: range over ch (variable of type chan int) permits only one iteration variable",
        ),
        (
            "func main() {\n\ts := \"hi\"\n\ts[0] = 72\n}\n",
            "5:2: cannot assign to s[0] (value of type byte)",
        ),
        (
            "func f(x int) int {\n\tswitch x {\n\tcase 1:\n\t\treturn 1\n\t}\n}\n\nfunc main() { f(1) }\n",
            "8:1: missing return",
        ),
        (
            "func main() {\n\tf := func() int {\n\t\tfor {\n\t\t\tbreak\n\t\t}\n\t}\n\t_ = f\n}\n",
            "8:2: missing return",
        ),
        (
            "func helper() {}\n\nfunc helper() {}\n\nfunc main() { helper() }\n",
            "5:6: helper redeclared in this block",
        ),
    ];
    for (body, want) in cases {
        let src = format!("package main\n\n{body}");
        assert_eq!(first_error(&src), format!("prog.go:{want}"), "{src}");
    }
}

#[test]
fn what_go_refuses_and_we_once_ran_is_refused() {
    let cases = [
        (
            "func main() {\n\tvar s string = nil\n\t_ = s\n}\n",
            "4:17: cannot use nil as string value",
        ),
        (
            "func f(s string) {}\n\nfunc main() {\n\tf(nil)\n}\n",
            "6:4: cannot use nil as string value",
        ),
        (
            "func main() {\n\tx := 2\n\tswitch x {\n\tcase 1, 2:\n\tcase 3, 1:\n\t}\n}\n",
            "7:10: duplicate case 1 (constant of type int) in expression switch",
        ),
        (
            "type P struct{ S int }\n\nfunc main() {\n\tm := map[string]P{}\n\tm[\"a\"].S++\n}\n",
            "7:2: cannot assign to struct field m[\"a\"].S in map",
        ),
        (
            "func main() {\n\tm := map[string]int{\"a\": 1, \"b\": 2, \"a\": 3}\n\t_ = m\n}\n",
            "4:38: duplicate key \"a\" in map literal",
        ),
        (
            "func main() {\n\tvar r float32 = -1e39 * 10\n\t_ = r\n}\n",
            "4:18: cannot use -1e40 (untyped float constant) as float32 value in assignment (overflows)",
        ),
    ];
    for (body, want) in cases {
        let src = format!("package main\n\n{body}");
        assert_eq!(first_error(&src), format!("prog.go:{want}"), "{src}");
    }
}
