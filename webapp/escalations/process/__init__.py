"""An escalation's process: steps through the jail, stored instances, human tasks, the worker."""
