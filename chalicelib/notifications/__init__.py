"""What the citizen is told: the inbox, written from the event stream."""
