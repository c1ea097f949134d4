//! The `sprout` command. The door only: parse arguments, run, print errors as one line each.

fn main() -> std::process::ExitCode {
    sprout::cli::main()
}
