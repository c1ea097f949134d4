//! Compile errors of `#[derive(Sprout)]` and `#[sprout_testkit::test]`: each mistake is reported
//! at the offending attribute, all of them in one compile, with the fix in the message. The
//! messages are pinned in `tests/ui/*.stderr` (rewrite with `TRYBUILD=overwrite`).

#[test]
fn mistakes_are_readable_compile_errors() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}
