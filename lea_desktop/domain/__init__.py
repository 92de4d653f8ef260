"""Pure-Python core: records, countries, member states, partners, KPI arithmetic. No project imports."""
