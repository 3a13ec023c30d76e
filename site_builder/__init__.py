"""The negotiation dossier: a static-site generator for Vietnamese news on a trade negotiation."""

__version__ = "0.1.0"
