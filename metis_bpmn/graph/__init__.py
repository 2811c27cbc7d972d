"""Pure, networkx-style functions over the sequence-flow graph. No XML here."""
