"""The windows and dialogs: wires services to widgets. The only part of ``app`` with Qt."""
