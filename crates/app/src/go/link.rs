//! A Go program in a link: `code=` is the base64url (without padding) of the raw-deflated
//! UTF-8 source, read back here with every way it can be wrong named for the page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::MAX_SOURCE_BYTES;

/// The URL key that carries a program.
pub const KEY: &str = "code";

/// The longest `code=` value read: the base64 of a source of the largest size that did
/// not compress at all, with room for deflate's block headers. Longer ones are refused
/// before anything is decoded.
const MAX_ENCODED: usize = (MAX_SOURCE_BYTES + 1024) * 4 / 3 + 4;

/// The `code=` value of `source`.
pub fn encode(source: &str) -> String {
    let deflated = miniz_oxide::deflate::compress_to_vec(source.as_bytes(), 9);
    URL_SAFE_NO_PAD.encode(deflated)
}

/// The program a `code=` value carries, or why there is none, in a sentence for the page.
pub fn decode(value: &str) -> Result<String, String> {
    const WHAT: &str = "The program in this link (code=)";
    if value.len() > MAX_ENCODED {
        return Err(format!(
            "{WHAT} is longer than a program of {} KB can be; it was not read.",
            MAX_SOURCE_BYTES / 1024
        ));
    }
    let deflated = URL_SAFE_NO_PAD
        .decode(value.trim_end_matches('='))
        .map_err(|e| format!("{WHAT} is not base64url text ({e}); was the link cut short?"))?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&deflated, MAX_SOURCE_BYTES)
        .map_err(|e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => format!(
                "{WHAT} is over {} KB, the most a program may be.",
                MAX_SOURCE_BYTES / 1024
            ),
            _ => format!("{WHAT} does not decompress; was the link cut short or changed?"),
        })?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{WHAT} is not UTF-8 text (at byte {}).",
            e.utf8_error().valid_up_to()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SUM: &str =
        "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"héllo, 世界\")\n}\n";

    #[test]
    fn a_program_comes_back_as_it_went() {
        let value = encode(SUM);
        assert!(!value.contains(['=', '+', '/']), "{value}");
        assert_eq!(decode(&value).as_deref(), Ok(SUM));
        assert_eq!(decode(&encode("")).as_deref(), Ok(""));
    }

    #[test]
    fn a_seed_sized_program_makes_a_short_link() {
        let program = SUM.repeat(20);
        assert!(encode(&program).len() < 2048);
    }

    #[test]
    fn hostile_values_get_a_sentence_each() {
        let said = |value: &str| decode(value).unwrap_err();
        assert!(said("not base64!").contains("not base64url"));
        assert!(
            said("AAAA_____").contains("does not decompress")
                || said("AAAA_____").contains("base64")
        );
        let cut = encode(SUM);
        assert!(said(&cut[..(cut.len() / 2) & !3]).contains("does not decompress"));
        let not_text =
            URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe, 0], 6));
        assert!(said(&not_text).contains("not UTF-8"));
        // A bomb: a megabyte of zeros deflates to a kilobyte, and inflates no further than the cap.
        let bomb = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(
            &vec![b' '; 1 << 20],
            9,
        ));
        assert!(bomb.len() < MAX_ENCODED);
        assert!(said(&bomb).contains("over 64 KB"));
        assert!(said(&"A".repeat(MAX_ENCODED + 1)).contains("longer than"));
        // Exactly the cap is a program.
        let largest = "x".repeat(MAX_SOURCE_BYTES);
        assert_eq!(
            decode(&encode(&largest)).map(|s| s.len()),
            Ok(MAX_SOURCE_BYTES)
        );
    }

    proptest! {
        #[test]
        fn any_value_is_read_or_refused_never_a_panic(value in "[A-Za-z0-9_=+/ -]{0,400}") {
            let _ = decode(&value);
        }

        #[test]
        fn any_text_round_trips(source in any::<String>()) {
            prop_assert_eq!(decode(&encode(&source)), Ok(source));
        }
    }
}
