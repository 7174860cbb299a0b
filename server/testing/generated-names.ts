/**
 * The word lists the workspace generator draws from: first and last names from several languages,
 * accents included (José, Müller, Zoë, François), company words, and what cases and activities are
 * about. Plain data, so the generator stays readable.
 */
export const FIRST_NAMES = [
  'José', 'Zoë', 'François', 'Chloé', 'Renée', 'Jürgen', 'Björn', 'Søren', 'Inès', 'Agnès', 'Hélène', 'Mónica',
  'Ángel', 'Iñigo', 'Łukasz', 'Małgorzata', 'Ștefan', 'Noémie', 'Maëlle', 'Raphaël', 'Dvořák', 'Zoltán', 'Dóra',
  'Anaïs', 'Jérôme', 'Ève', 'Guðrún', 'Þóra', 'Örjan', 'Åsa', 'Märta', 'Çağla', 'Gökhan', 'Tomáš', 'Jiří',
  'Yvonne', 'Maria', 'James', 'Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Lucas', 'Mia', 'Ethan', 'Sofia', 'Mason',
  'Isabella', 'Logan', 'Amelia', 'Elijah', 'Harper', 'Oliver', 'Evelyn', 'Aiden', 'Abigail', 'Jacob', 'Emily',
  'Michael', 'Elizabeth', 'Daniel', 'Sarah', 'Henry', 'Grace', 'Samuel', 'Chloe', 'David', 'Victoria', 'Joseph',
  'Hannah', 'Carter', 'Lily', 'Owen', 'Nora', 'Wyatt', 'Layla', 'John', 'Zoey', 'Jack', 'Riley', 'Luke', 'Aria',
  'Gabriel', 'Ellie', 'Anthony', 'Scarlett', 'Isaac', 'Stella', 'Dylan', 'Hazel', 'Leo', 'Aurora', 'Lincoln',
  'Paisley', 'Jaxon', 'Savannah', 'Asher', 'Brooklyn', 'Christopher', 'Bella', 'Josiah', 'Claire', 'Andrew', 'Skylar',
  'Thomas', 'Lucy', 'Joshua', 'Anna', 'Ezra', 'Caroline', 'Hudson', 'Genesis', 'Charles', 'Aaliyah', 'Caleb', 'Kennedy',
  'Hiroshi', 'Yuki', 'Mei', 'Wei', 'Priya', 'Arjun', 'Ananya', 'Rohan', 'Fatima', 'Omar', 'Leila', 'Karim', 'Amara',
  'Kwame', 'Nia', 'Tariq', 'Ingrid', 'Lars', 'Sven', 'Astrid', 'Pieter', 'Anouk', 'Giulia', 'Matteo', 'Chiara',
  'Lorenzo', 'Francesca', 'Alessandro', 'Katarzyna', 'Piotr', 'Olga', 'Dmitri', 'Natalia', 'Ivan', 'Teodora', 'Nikola',
]

export const LAST_NAMES = [
  'Müller', 'Schäfer', 'Größer', 'Weiß', 'Köhler', 'Jäger', 'Lefèvre', 'Girard', 'Bérubé', 'Pérez', 'García', 'Muñoz',
  'Núñez', 'Ibáñez', 'Gonçalves', 'Conceição', 'Sørensen', 'Åkesson', 'Østergaard', 'Nyström', 'Kovačević', 'Dvořák',
  'Novák', 'Wiśniewski', 'Łukaszewicz', 'Özdemir', 'Yılmaz', 'Şahin', 'Çelik', 'Szabó', 'Horváth', 'Tóth', 'Nagy',
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas',
  'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young',
  'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams', 'Baker', 'Nelson', 'Mitchell', 'Campbell', 'Roberts',
  'Carter', 'Phillips', 'Evans', 'Turner', 'Torres', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy',
  'Cook', 'Rogers', 'Morgan', 'Cooper', 'Peterson', 'Reed', 'Bailey', 'Bell', 'Kelly', 'Howard', 'Ward', 'Cox',
  'Richardson', 'Wood', 'Watson', 'Brooks', 'Bennett', 'Gray', 'James', 'Hughes', 'Price', 'Sanders', 'Myers', 'Long',
  'Ross', 'Foster', 'McKay', 'O\'Brien', 'Fitzgerald', 'Gallagher', 'Nakamura', 'Tanaka', 'Suzuki', 'Watanabe',
  'Chen', 'Wang', 'Zhang', 'Liu', 'Huang', 'Patel', 'Sharma', 'Gupta', 'Reddy', 'Iyer', 'Haddad', 'Nasser', 'Khalil',
  'Mensah', 'Okafor', 'Adeyemi', 'Eriksson', 'Lindqvist', 'Johansson', 'Virtanen', 'Korhonen', 'de Vries', 'van Dijk',
  'Bakker', 'Janssen', 'Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Kowalski', 'Nowak', 'Ivanova',
  'Petrov', 'Popescu', 'Ionescu', 'Dimitrov', 'Papadopoulos', 'Georgiou', 'Fontaine', 'Rousseau', 'Dubois', 'Moreau',
  'Laurent', 'Chevalier', 'Delacroix', 'Beaumont', 'Brennan', 'Caldwell', 'Donovan', 'Ellison', 'Fairbanks',
  'Hargreaves', 'Pemberton', 'Whitfield', 'Ashworth', 'Blackwood', 'Castellanos', 'Villanueva', 'Zamora', 'Quintero',
]

export const COMPANY_WORDS = [
  'Contoso', 'Fabrikam', 'Northwind', 'Adventure', 'Tailspin', 'Wingtip', 'Litware', 'Proseware', 'Lucerne', 'Margie',
  'Fourth Coffee', 'Alpine', 'Coho', 'Blue Yonder', 'Humongous', 'Trey', 'Woodgrove', 'Wide World', 'Graphic',
  'Müller', 'Lefèvre', 'Schäfer', 'Gonçalves', 'Sørensen', 'Nyström', 'Dvořák', 'Özdemir', 'Ibáñez', 'Kovačević',
  'Aurora', 'Boreal', 'Cascade', 'Delta', 'Evergreen', 'Falcon', 'Granite', 'Harbor', 'Horizon', 'Ironwood', 'Juniper',
  'Keystone', 'Lighthouse', 'Meridian', 'Nimbus', 'Oakridge', 'Pinnacle', 'Quarry', 'Redwood', 'Summit', 'Tidewater',
  'Upland', 'Vanguard', 'Westbrook', 'Yellowstone', 'Zenith', 'Atlas', 'Beacon', 'Copper', 'Driftwood', 'Ember',
  'Foxglove', 'Glacier', 'Heron', 'Indigo', 'Jasper', 'Kestrel', 'Larkspur', 'Mistral', 'Nordic', 'Orchard', 'Pioneer',
  'Crèmerie', 'Brasserie Élan', 'Zoë\'s', 'Château', 'Bäckerei', 'Señor', 'Fjällräv', 'Höga', 'Straße',
]

export const COMPANY_KINDS = [
  'Logistics', 'Dynamics', 'Systems', 'Foods', 'Pharma', 'Energy', 'Robotics', 'Textiles', 'Consulting', 'Analytics',
  'Insurance', 'Motors', 'Media', 'Labs', 'Holdings', 'Partners', 'Trading', 'Construction', 'Software', 'Hotels',
  'Airlines', 'Brewing', 'Optics', 'Medical', 'Security', 'Furniture', 'Outfitters', 'Bank', 'Telecom', 'Chemicals',
  'Shipping', 'Printing', 'Farms', 'Apparel', 'Studios', 'Engineering', 'Solar', 'Water', 'Mining', 'Aerospace',
]

export const COMPANY_SUFFIXES = ['Ltd', 'Inc.', 'GmbH', 'AG', 'S.A.', 'SARL', 'LLC', 'BV', 'AB', 'Oy', 'Group', '& Co']

export const INDUSTRIES = ['Manufacturing', 'Retail', 'Finance', 'Healthcare', 'Logistics', 'Energy', 'Hospitality', 'Technology', 'Education', 'Agriculture']

export const JOB_TITLES = ['Purchasing Manager', 'CEO', 'CFO', 'Head of IT', 'Office Manager', 'Sales Director', 'Engineer',
  'Accountant', 'Operations Lead', 'Marketing Manager', 'Buyer', 'Consultant', 'Project Manager', 'Receptionist']

export const CITIES: Array<{ city: string; country: string; phone: 'us' | 'uk' | 'de' | 'fr' | 'es' }> = [
  { city: 'Seattle', country: 'United States', phone: 'us' }, { city: 'Redmond', country: 'United States', phone: 'us' },
  { city: 'Chicago', country: 'United States', phone: 'us' }, { city: 'London', country: 'United Kingdom', phone: 'uk' },
  { city: 'Manchester', country: 'United Kingdom', phone: 'uk' }, { city: 'München', country: 'Germany', phone: 'de' },
  { city: 'Köln', country: 'Germany', phone: 'de' }, { city: 'Paris', country: 'France', phone: 'fr' },
  { city: 'Montréal', country: 'Canada', phone: 'us' }, { city: 'Málaga', country: 'Spain', phone: 'es' },
  { city: 'Zürich', country: 'Switzerland', phone: 'de' }, { city: 'Lyon', country: 'France', phone: 'fr' },
]

export const CASE_TITLES = ['Printer offline', 'Invoice discrepancy', 'Delivery delayed', 'Cannot sign in to portal',
  'Damaged goods received', 'Request for quote', 'Warranty claim', 'Billing address change', 'Missing parts in shipment',
  'Software licence renewal', 'Training request', 'Contract question', 'Service outage', 'Refund request']

export const ACTIVITY_SUBJECTS = ['Follow-up call', 'Send proposal', 'Quarterly review', 'Demo of new features',
  'Renewal discussion', 'Site visit', 'Intro meeting', 'Send invoice copy', 'Check delivery status', 'Thank-you letter',
  'Collect feedback', 'Prepare contract', 'Budget planning', 'Onboarding session']
