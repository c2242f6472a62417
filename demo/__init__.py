"""Demo accounts and demo data for trying the site (`make run`) and for the benchmark."""
