//! The `sprout` command. The door only: parse arguments, run, print errors as one line each.

/// mimalloc: generation makes and frees a string per text cell, and rows made on one thread are
/// freed on another; glibc's allocator was a third of the profile.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    sprout::cli::main()
}
