//! Placeholder; filled in below.
pub(crate) fn print() -> anyhow::Result<()> {
    anyhow::bail!("not yet")
}
