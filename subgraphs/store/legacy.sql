-- store_legacy: the 2003 till-and-loyalty system, exactly as shared/legacy/README.md specifies.
-- Used only to create development and test databases; production points at the real system.
-- Quoted upper-case names are part of the legacy contract: never unquote them.
CREATE TABLE "MAGASIN" (
  "CODE_MAG" char(4) PRIMARY KEY,
  "LIBELLE" varchar(60) NOT NULL,
  "VILLE" varchar(40) NOT NULL,
  "CP" char(5) NOT NULL,
  "LAT" numeric(9,6) NOT NULL,
  "LON" numeric(9,6) NOT NULL,
  "OUVERT" char(1) NOT NULL
);

CREATE TABLE "CARTE_FIDELITE" (
  "NUM_CARTE" char(13) PRIMARY KEY,
  "CIVILITE" varchar(4) NOT NULL,
  "NOM" varchar(40) NOT NULL,
  "PRENOM" varchar(40) NOT NULL,
  "TEL" varchar(20) NOT NULL,
  "EMAIL" varchar(80) NULL,
  "ADR1" varchar(80) NOT NULL,
  "CP" char(5) NOT NULL,
  "VILLE" varchar(40) NOT NULL,
  "DATE_NAIS" char(8) NOT NULL,
  "DATE_CREATION" char(8) NOT NULL,
  "MAG_CREATION" char(4) NOT NULL,
  "NUM_FOYER" char(13) NULL,
  "STATUT" char(1) NOT NULL,
  "OPT_SMS" char(1) NOT NULL,
  "DATE_MAJ" char(14) NOT NULL
);

CREATE TABLE "TICKET" (
  "NUM_TICKET" bigint PRIMARY KEY,
  "CODE_MAG" char(4) NOT NULL,
  "DATE_TICKET" char(8) NOT NULL,
  "HEURE_TICKET" char(6) NOT NULL,
  "NUM_CAISSE" smallint NOT NULL,
  "NUM_CARTE" char(13) NULL,
  "MONTANT_TTC_CTS" integer NOT NULL,
  "MODE_PAIEMENT" char(2) NOT NULL,
  "TYPE" char(1) NOT NULL
);

CREATE TABLE "LIGNE_TICKET" (
  "NUM_TICKET" bigint NOT NULL,
  "NUM_LIGNE" smallint NOT NULL,
  "EAN" char(13) NOT NULL,
  "LIBELLE_ART" varchar(60) NOT NULL,
  "QTE" integer NOT NULL,
  "PU_TTC_CTS" integer NOT NULL,
  PRIMARY KEY ("NUM_TICKET", "NUM_LIGNE")
);

CREATE TABLE "MOUVEMENT_POINTS" (
  "ID_MVT" bigserial PRIMARY KEY,
  "NUM_CARTE" char(13) NOT NULL,
  "DATE_MVT" char(8) NOT NULL,
  "POINTS" integer NOT NULL,
  "MOTIF" varchar(10) NOT NULL,
  "DATE_EXPIRATION" char(8) NULL,
  "NUM_TICKET" bigint NULL
);
