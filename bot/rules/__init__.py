"""Legal rules of VAE inversée as pure functions over dated parameters."""
