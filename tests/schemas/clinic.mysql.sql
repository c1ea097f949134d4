-- The clinic schema for MySQL / MariaDB (see clinic.postgres.sql). MySQL has no partial
-- indexes, no DEFERRABLE, no arrays, inet, interval or money; those columns use the nearest
-- MySQL type and the docs list the differences. MariaDB refuses CHECKs on AUTO_INCREMENT
-- columns and on columns with ON DELETE actions, so provider has no self-supervision CHECK.
SET FOREIGN_KEY_CHECKS = 0;

CREATE TABLE clinic (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name varchar(100) NOT NULL UNIQUE,
    phone varchar(20),
    head_provider_id int unsigned,
    opened_on date NOT NULL,
    created_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT clinic_head_provider_fk FOREIGN KEY (head_provider_id) REFERENCES provider (id)
) ENGINE=InnoDB COMMENT='A site where providers see patients';

CREATE TABLE provider (
    id int unsigned NOT NULL AUTO_INCREMENT,
    clinic_id int unsigned NOT NULL,
    supervisor_id int unsigned,
    first_name varchar(50) NOT NULL,
    last_name varchar(50) NOT NULL,
    email varchar(120) NOT NULL COMMENT 'Work address',
    specialty enum('general', 'cardiology', 'dermatology', 'pediatrics') NOT NULL DEFAULT 'general',
    hired_on date NOT NULL,
    salary decimal(10,2) CHECK (salary >= 0),
    PRIMARY KEY (id),
    UNIQUE KEY provider_email_key (email),
    CONSTRAINT provider_clinic_fk FOREIGN KEY (clinic_id) REFERENCES clinic (id) ON DELETE CASCADE,
    CONSTRAINT provider_supervisor_fk FOREIGN KEY (supervisor_id) REFERENCES provider (id)
) ENGINE=InnoDB;

CREATE TABLE patient (
    id binary(16) NOT NULL PRIMARY KEY,
    first_name varchar(50) NOT NULL,
    last_name varchar(50) NOT NULL,
    full_name varchar(101) GENERATED ALWAYS AS (concat(first_name, ' ', last_name)) STORED,
    email varchar(120) UNIQUE,
    birth_date date NOT NULL CHECK (birth_date > '1900-01-01'),
    sex char(1) CHECK (sex IN ('F', 'M', 'X')),
    insurance_no varchar(20)
) ENGINE=InnoDB;

CREATE TABLE room (
    clinic_id int unsigned NOT NULL,
    room_no smallint NOT NULL CHECK (room_no BETWEEN 1 AND 999),
    floor tinyint NOT NULL DEFAULT 0,
    PRIMARY KEY (clinic_id, room_no),
    CONSTRAINT room_clinic_fk FOREIGN KEY (clinic_id) REFERENCES clinic (id)
) ENGINE=InnoDB;

CREATE TABLE appointment (
    id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    patient_id binary(16) NOT NULL,
    provider_id int unsigned NOT NULL,
    clinic_id int unsigned NOT NULL,
    room_no smallint NOT NULL,
    starts_at datetime NOT NULL,
    ends_at datetime NOT NULL,
    status enum('booked', 'done', 'cancelled', 'no_show') NOT NULL DEFAULT 'booked',
    notes text,
    CONSTRAINT appointment_patient_fk FOREIGN KEY (patient_id) REFERENCES patient (id),
    CONSTRAINT appointment_provider_fk FOREIGN KEY (provider_id) REFERENCES provider (id),
    CONSTRAINT appointment_room_fk FOREIGN KEY (clinic_id, room_no) REFERENCES room (clinic_id, room_no),
    CONSTRAINT appointment_ends_after_start CHECK (ends_at > starts_at)
) ENGINE=InnoDB;

CREATE TABLE diagnosis (
    code char(5) NOT NULL PRIMARY KEY CHECK (char_length(code) = 5),
    description varchar(200) NOT NULL
) ENGINE=InnoDB;

CREATE TABLE appointment_diagnosis (
    appointment_id bigint unsigned NOT NULL,
    diagnosis_code char(5) NOT NULL,
    is_primary boolean NOT NULL DEFAULT false,
    PRIMARY KEY (appointment_id, diagnosis_code),
    CONSTRAINT ad_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointment (id) ON DELETE CASCADE,
    CONSTRAINT ad_diagnosis_fk FOREIGN KEY (diagnosis_code) REFERENCES diagnosis (code)
) ENGINE=InnoDB;

CREATE TABLE drug (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name varchar(80) NOT NULL UNIQUE,
    price decimal(8,2) NOT NULL CHECK (price > 0),
    discount decimal(8,2) NOT NULL DEFAULT 0,
    CONSTRAINT drug_discount_le_price CHECK (discount <= price)
) ENGINE=InnoDB;

CREATE TABLE prescription (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    appointment_id bigint unsigned NOT NULL,
    drug_id int unsigned NOT NULL,
    dose_mg int NOT NULL CHECK (dose_mg BETWEEN 1 AND 5000),
    refills smallint NOT NULL DEFAULT 0 CHECK (refills IN (0, 1, 2, 3)),
    UNIQUE KEY prescription_once (appointment_id, drug_id),
    CONSTRAINT prescription_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointment (id),
    CONSTRAINT prescription_drug_fk FOREIGN KEY (drug_id) REFERENCES drug (id)
) ENGINE=InnoDB;

CREATE TABLE invoice (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    appointment_id bigint unsigned NOT NULL UNIQUE,
    amount decimal(12,2) NOT NULL,
    tax_rate decimal(5,2) NOT NULL CHECK (tax_rate >= 0 AND tax_rate <= 100),
    paid boolean NOT NULL DEFAULT false,
    issued_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT invoice_appointment_fk FOREIGN KEY (appointment_id) REFERENCES appointment (id)
) ENGINE=InnoDB;

CREATE TABLE payment (
    id int unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    invoice_id int unsigned NOT NULL,
    amount decimal(10,2) NOT NULL CHECK (amount <> 0),
    is_refund boolean NOT NULL DEFAULT false,
    paid_at timestamp NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT payment_invoice_fk FOREIGN KEY (invoice_id) REFERENCES invoice (id)
) ENGINE=InnoDB;

CREATE TABLE audit_log (
    id bigint unsigned NOT NULL AUTO_INCREMENT PRIMARY KEY,
    table_name varchar(63) NOT NULL,
    payload json NOT NULL,
    client_ip varbinary(16),
    tags set('read', 'write', 'admin') NOT NULL DEFAULT '',
    attachment blob,
    at_time time,
    recorded_at datetime NOT NULL DEFAULT CURRENT_TIMESTAMP,
    year_seen year,
    ratio double,
    score float,
    level mediumint,
    location point
) ENGINE=InnoDB;

CREATE TABLE staff_shift (
    provider_id int unsigned NOT NULL,
    weekday tinyint unsigned NOT NULL CHECK (weekday >= 1 AND weekday <= 7),
    starts time NOT NULL,
    ends time NOT NULL,
    PRIMARY KEY (provider_id, weekday),
    CONSTRAINT shift_provider_fk FOREIGN KEY (provider_id) REFERENCES provider (id),
    CONSTRAINT shift_ends_after_start CHECK (ends > starts)
) ENGINE=InnoDB;

SET FOREIGN_KEY_CHECKS = 1;

DELIMITER ;;
CREATE TRIGGER audit_touch BEFORE INSERT ON audit_log FOR EACH ROW BEGIN
    SET NEW.recorded_at = NOW(); -- a semicolon inside a body
END;;
DELIMITER ;
