"""Missing gates: gate policies ("every path to X passes gate G") and decision checks."""
