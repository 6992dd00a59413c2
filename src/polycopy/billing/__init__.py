"""Plans, subscriptions, invoices and plan limits (docs/billing.md)."""
