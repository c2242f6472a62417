"""Staff pages that combine the feature apps: the staff home and the patient record."""
