// The bad-input matrix through a real pino logger.
import { badInputMatrix } from './helpers/bad-input.mjs'

badInputMatrix('pino')
