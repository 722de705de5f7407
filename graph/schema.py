"""Unique constraints and indexes, applied idempotently at start; the writer checks them."""

from __future__ import annotations

from graph.cypher import Statement, statement

CONSTRAINTS: dict[str, Statement] = {
    "entity_id": statement("CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE"),
    "person_id": statement("CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE"),
    "subject_id": statement(
        "CREATE CONSTRAINT subject_id IF NOT EXISTS FOR (n:Subject) REQUIRE n.id IS UNIQUE"
    ),
    "case_id": statement("CREATE CONSTRAINT case_id IF NOT EXISTS FOR (n:Case) REQUIRE n.id IS UNIQUE"),
    "sanction_id": statement(
        "CREATE CONSTRAINT sanction_id IF NOT EXISTS FOR (n:Sanction) REQUIRE n.id IS UNIQUE"
    ),
    "listing_id": statement(
        "CREATE CONSTRAINT listing_id IF NOT EXISTS FOR (n:Listing) REQUIRE n.id IS UNIQUE"
    ),
    "licence_id": statement(
        "CREATE CONSTRAINT licence_id IF NOT EXISTS FOR (n:Licence) REQUIRE n.id IS UNIQUE"
    ),
    "authority_id": statement(
        "CREATE CONSTRAINT authority_id IF NOT EXISTS FOR (n:Authority) REQUIRE n.id IS UNIQUE"
    ),
    "provision_id": statement(
        "CREATE CONSTRAINT provision_id IF NOT EXISTS FOR (n:Provision) REQUIRE n.id IS UNIQUE"
    ),
    "address_id": statement(
        "CREATE CONSTRAINT address_id IF NOT EXISTS FOR (n:Address) REQUIRE n.id IS UNIQUE"
    ),
    "phone_id": statement("CREATE CONSTRAINT phone_id IF NOT EXISTS FOR (n:Phone) REQUIRE n.id IS UNIQUE"),
    "email_id": statement("CREATE CONSTRAINT email_id IF NOT EXISTS FOR (n:Email) REQUIRE n.id IS UNIQUE"),
    "tender_id": statement("CREATE CONSTRAINT tender_id IF NOT EXISTS FOR (n:Tender) REQUIRE n.id IS UNIQUE"),
    "bid_id": statement("CREATE CONSTRAINT bid_id IF NOT EXISTS FOR (n:Bid) REQUIRE n.id IS UNIQUE"),
    "identifier_id": statement(
        "CREATE CONSTRAINT identifier_id IF NOT EXISTS FOR (n:Identifier) REQUIRE n.id IS UNIQUE"
    ),
    "extraction_id": statement(
        "CREATE CONSTRAINT extraction_id IF NOT EXISTS FOR (n:Extraction) REQUIRE n.id IS UNIQUE"
    ),
    "review_action_id": statement(
        "CREATE CONSTRAINT review_action_id IF NOT EXISTS FOR (n:ReviewAction) REQUIRE n.id IS UNIQUE"
    ),
    "objection_id": statement(
        "CREATE CONSTRAINT objection_id IF NOT EXISTS FOR (n:Objection) REQUIRE n.id IS UNIQUE"
    ),
}

INDEXES: dict[str, Statement] = {
    "entity_uscc": statement("CREATE INDEX entity_uscc IF NOT EXISTS FOR (n:Entity) ON (n.uscc)"),
    "entity_name": statement("CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name_norm)"),
    "person_name": statement("CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name_norm)"),
    "person_hash": statement("CREATE INDEX person_hash IF NOT EXISTS FOR (n:Person) ON (n.id_hash)"),
    "case_no": statement("CREATE INDEX case_no IF NOT EXISTS FOR (n:Case) ON (n.decision_no)"),
    "listing_name": statement("CREATE INDEX listing_name IF NOT EXISTS FOR (n:Listing) ON (n.list_name)"),
    "extraction_status": statement(
        "CREATE INDEX extraction_status IF NOT EXISTS FOR (n:Extraction) ON (n.status)"
    ),
}

SHOW_CONSTRAINTS = statement("SHOW CONSTRAINTS")
