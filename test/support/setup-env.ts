// Loaded in every test worker before the test file.
import 'reflect-metadata';

process.env.NODE_ENV = 'test';
