// The bad-input matrix through a real winston logger.
import { badInputMatrix } from './helpers/bad-input.mjs'

badInputMatrix('winston')
