"""Updates: versions of a source, the changes they bring, and applying them safely."""
