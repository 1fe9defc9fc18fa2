"""A vendor's own pages: the vendor profile, and listing, editing and withdrawing offers."""
