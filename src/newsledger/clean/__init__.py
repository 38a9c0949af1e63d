"""clean: Document → Article. HTML goes through trafilatura; plain text through our line classifier."""
