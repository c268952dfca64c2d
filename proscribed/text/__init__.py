"""Pure text functions: normalisation, transliteration, morphology, name parsing."""
