"""The tariff engine: what a good pays at the US border on a date, under which law."""
