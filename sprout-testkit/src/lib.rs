//! sprout-testkit: isolated databases for tests.
