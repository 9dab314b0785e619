"""My approvals: the inbox of human tasks and completing one."""
