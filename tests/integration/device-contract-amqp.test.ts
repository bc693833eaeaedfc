import { deviceContract } from '../support/device-contract.js';

deviceContract('amqp');
