//! "Did you mean": the one place the macros pick the closest known name to a misspelt one
//! (a generator kind, a table or column of the snapshot), so every message suggests alike.

/// ` (did you mean `x`?)` for the candidate closest to `wanted`, or nothing when none is close:
/// at most two edits away (a swap of neighbours is one), or a third of a long name.
pub(crate) fn did_you_mean<'a>(wanted: &str, candidates: impl Iterator<Item = &'a str>) -> String {
    let allowed = (wanted.chars().count() / 3).max(2);
    candidates
        .map(|c| (strsim::osa_distance(wanted, c), c))
        .filter(|(distance, _)| *distance <= allowed)
        .min()
        .map(|(_, c)| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_the_closest_name_only_when_close() {
        let names = ["email", "first_name", "users", "user_roles"];
        assert_eq!(
            did_you_mean("emial", names.into_iter()),
            " (did you mean `email`?)"
        );
        assert_eq!(
            did_you_mean("user", names.into_iter()),
            " (did you mean `users`?)"
        );
        assert_eq!(
            did_you_mean("frist_nmae", names.into_iter()),
            " (did you mean `first_name`?)"
        );
        assert_eq!(did_you_mean("invoice", names.into_iter()), "");
    }
}
