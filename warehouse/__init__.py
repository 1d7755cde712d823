"""SQL models, staging and marts (installed as dipwatch.warehouse); the default database file lives here too."""
