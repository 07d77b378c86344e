"""Leads: store what a visitor asks to pass on, and hand it to the porteur de projet.

Pure Python (SQLAlchemy, requests, smtplib); nothing here imports Rasa, and nothing runs at
import time. Entry points:

- ``bot.leads.db``: ``make_engine``, ``make_session_factory``, ``migrate``;
- ``bot.leads.store``: ``LeadStore`` (``submit``, ``erase_*``, ``purge_older_than``, ``export``);
- ``bot.leads.lead_data``: ``LeadData``, what a conversation collected;
- ``bot.leads.validation``: e-mail, phone, SIRET, postal code and région helpers;
- ``bot.leads.contact``: the contact form's answers read from free text (profile, phone, SIRET…);
- ``bot.leads.routing``: ``route`` a lead to a porteur de projet (``porteurs.yaml``);
- ``bot.leads.handoff``: the outbox dispatcher, webhook and e-mail channels;
- ``python -m bot.leads``: export, erase, purge, dispatch, migrate.
"""
