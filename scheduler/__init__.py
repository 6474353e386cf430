"""What is due when (pure functions of ``now``) and the jobs that send it."""
